// The user list (admin page, `user list`), by email.
import { getPrisma } from "../db";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";
import { toUserView, type UserView } from "./user-view";

export async function findUsers(params: Partial<PageParams> = {}): Promise<Page<UserView>> {
  const { page, perPage } = toPageParams(params);
  const [users, count] = await Promise.all([
    getPrisma().user.findMany({ orderBy: { email: "asc" }, skip: skipFor({ page, perPage }), take: perPage }),
    getPrisma().user.count(),
  ]);
  return { data: users.map(toUserView), count, page, perPage };
}
