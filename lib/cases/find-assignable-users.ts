// The people a case or a task can be given to: active analysts and admins, by name.
import { getPrisma } from "../db";
import { toPageParams, skipFor, type Page, type PageParams } from "../paging";

export interface AssignableUser {
  id: number;
  name: string;
  email: string;
}

export async function findAssignableUsers(params: Partial<PageParams> = {}): Promise<Page<AssignableUser>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage ?? 200 });
  const where = { disabled: false, role: { in: ["analyst" as const, "admin" as const] } };
  const prisma = getPrisma();
  const [data, count] = await Promise.all([
    prisma.user.findMany({
      where,
      select: { id: true, name: true, email: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.user.count({ where }),
  ]);
  return { data, count, page, perPage };
}
