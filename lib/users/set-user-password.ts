// Sets (or resets) a user's password and ends the user's open sessions (a reset is what an admin
// does for a leaked password). The audit entry says that it changed, never the hash.
import { hashPassword } from "../auth/password";
import type { Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { userTopic } from "../live/events";
import { SESSION_ENDED } from "../live/kinds";
import { transact } from "../transact";
import { passwordSchema, type UserRef } from "./user-input";
import { lockUser } from "./update-user";
import { toUserView, type UserView } from "./user-view";

export async function setUserPassword(
  ref: UserRef,
  password: string,
  actor: Pick<Actor, "id" | "email"> | null,
): Promise<UserView> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  return transact(async (tx, afterCommit) => {
    const user = await lockUser(tx, ref);
    const after = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, sessionsValidFrom: new Date() },
    });
    // Open live streams of the user re-check their session at once, and close.
    afterCommit.live(userTopic(user.id), SESSION_ENDED);
    await recordAudit(tx, {
      actor,
      entityType: "user",
      entityId: user.id,
      action: "user.password",
      before: { email: user.email, hasPassword: user.passwordHash !== null },
      after: { email: user.email, hasPassword: true },
    });
    return toUserView(after);
  });
}
