// Links a Shellcase user to one Entra ID account by its object id (oid), or unlinks it (null).
// This is the only way an existing account becomes reachable by "Sign in with Microsoft": an
// email claim is chosen by whoever administers the Entra account and can change, so sign-in never
// links by email (lib/users/resolve-entra-user.ts). Admins do it on the Users page, or the CLI
// (`user link-entra`); audited as user.entra_link / user.entra_unlink.
import type { Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { isUniqueViolation } from "./unique-violation";
import { lockUser } from "./update-user";
import { entraObjectIdSchema, type UserRef } from "./user-input";
import { auditUser, toUserView, type UserView } from "./user-view";

export async function linkEntraUser(
  ref: UserRef,
  objectId: string | null,
  actor: Pick<Actor, "id" | "email"> | null,
): Promise<UserView> {
  const oid = objectId === null ? null : entraObjectIdSchema.parse(objectId);
  try {
    return await getPrisma().$transaction(async (tx) => {
      const before = await lockUser(tx, ref);
      if (before.entraObjectId === oid) return toUserView(before);
      const after = await tx.user.update({ where: { id: before.id }, data: { entraObjectId: oid } });
      await recordAudit(tx, {
        actor,
        entityType: "user",
        entityId: after.id,
        action: oid ? "user.entra_link" : "user.entra_unlink",
        before: { ...auditUser(before), entraObjectId: before.entraObjectId },
        after: { ...auditUser(after), entraObjectId: after.entraObjectId },
      });
      return toUserView(after);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", `The Entra object id ${oid} is already linked to another Shellcase user.`);
    }
    throw err;
  }
}
