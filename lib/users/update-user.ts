// Changes a user's name, role or disabled flag, with one audit entry per kind of change, in one
// transaction. Refuses a change that would leave no active admin (nobody could manage users any
// more, short of the CLI): the active admins are locked first, so two admins demoting each other
// at once cannot both succeed.
import type { Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import type { Prisma, User } from "../generated/prisma/client";
import { userTopic } from "../live/events";
import { SESSION_ENDED } from "../live/kinds";
import { transact } from "../transact";
import { emailSchema, updateUserSchema, type UpdateUserInput, type UserRef } from "./user-input";
import { auditUser, toUserView, type UserView } from "./user-view";

type Tx = Prisma.TransactionClient;

/** The user named by `ref`, locked for the rest of the transaction; not_found when there is none. */
export async function lockUser(tx: Tx, ref: UserRef): Promise<User> {
  const rows =
    "id" in ref
      ? await tx.$queryRaw<{ id: number }[]>`SELECT id FROM users WHERE id = ${ref.id} FOR UPDATE`
      : await tx.$queryRaw<
          { id: number }[]
        >`SELECT id FROM users WHERE email = ${emailSchema.parse(ref.email)} FOR UPDATE`;
  const id = rows[0]?.id;
  const user = id === undefined ? null : await tx.user.findUnique({ where: { id } });
  if (!user)
    throw new AppError("not_found", "id" in ref ? `No user #${ref.id}.` : `No user with the email ${ref.email}.`);
  return user;
}

const isActiveAdmin = (u: Pick<User, "role" | "disabled">) => u.role === "admin" && !u.disabled;

export async function updateUser(
  ref: UserRef,
  input: UpdateUserInput,
  actor: Pick<Actor, "id" | "email"> | null,
): Promise<UserView> {
  const patch = updateUserSchema.parse(input);
  return transact(async (tx, afterCommit) => {
    await tx.$queryRaw`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`;
    const before = await lockUser(tx, ref);
    const next = { ...before, ...patch };
    if (isActiveAdmin(before) && !isActiveAdmin(next)) {
      const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: before.id } } });
      if (others === 0) {
        throw new AppError(
          "conflict",
          actor?.id === before.id
            ? "You are the last active admin: make another user admin first, or nobody could manage users."
            : `${before.email} is the last active admin: make another user admin first, or nobody could manage users.`,
        );
      }
    }
    // Disabling ends the user's sessions for good: enabling again later does not revive them.
    const revoke = patch.disabled === true && !before.disabled ? { sessionsValidFrom: new Date() } : {};
    const after = await tx.user.update({ where: { id: before.id }, data: { ...patch, ...revoke } });
    // Their open live streams re-check the session at once and close (lib/live/live-event-stream.ts).
    if (revoke.sessionsValidFrom) afterCommit.live(userTopic(before.id), SESSION_ENDED);

    const changes: {
      action: "user.rename" | "user.role" | "user.disable" | "user.enable";
      field: "name" | "role" | "disabled";
    }[] = [
      { action: "user.rename", field: "name" },
      { action: "user.role", field: "role" },
      { action: after.disabled ? "user.disable" : "user.enable", field: "disabled" },
    ];
    for (const { action, field } of changes) {
      if (before[field] === after[field]) continue;
      await recordAudit(tx, {
        actor,
        entityType: "user",
        entityId: after.id,
        action,
        before: auditUser(before),
        after: auditUser(after),
      });
    }
    return toUserView(after);
  });
}
