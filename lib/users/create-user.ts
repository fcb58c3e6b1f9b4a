// Creates a user and its audit entry in one transaction. The password is hashed before the
// transaction opens (scrypt takes tens of milliseconds; no reason to hold a connection meanwhile).
import { hashPassword } from "../auth/password";
import type { Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { isUniqueViolation } from "./unique-violation";
import { createUserSchema, type CreateUserInput } from "./user-input";
import { auditUser, toUserView, type UserView } from "./user-view";

export async function createUser(input: CreateUserInput, actor: Pick<Actor, "id" | "email"> | null): Promise<UserView> {
  const data = createUserSchema.parse(input);
  const passwordHash = data.password === undefined ? null : await hashPassword(data.password);
  try {
    return await getPrisma().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash },
      });
      await recordAudit(tx, {
        actor,
        entityType: "user",
        entityId: user.id,
        action: "user.create",
        after: auditUser(user),
      });
      return toUserView(user);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `A user with the email ${data.email} already exists.`);
    throw err;
  }
}
