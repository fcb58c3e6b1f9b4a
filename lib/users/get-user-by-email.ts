import { getPrisma } from "../db";
import { AppError } from "../errors";
import { emailSchema } from "./user-input";
import { toUserView, type UserView } from "./user-view";

export async function getUserByEmail(email: string): Promise<UserView> {
  const user = await getPrisma().user.findUnique({ where: { email: emailSchema.parse(email) } });
  if (!user) throw new AppError("not_found", `No user with the email ${email}.`);
  return toUserView(user);
}
