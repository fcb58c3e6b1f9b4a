// Marks one, some or all of the signed-in user's notifications read. Only their own: the write
// is scoped by the user, so another user's id changes nothing. The user's other tabs hear the new
// unread count.
import { z } from "zod";
import type { Actor } from "../auth/roles";
import { userTopic } from "../live/events";
import { parseInput } from "../parse-input";
import { transact } from "../transact";

export const markReadSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
]);

export async function markNotificationsRead(
  actor: Pick<Actor, "id">,
  input: z.input<typeof markReadSchema>,
): Promise<{ marked: number; unread: number }> {
  const which = parseInput(markReadSchema, input);
  return transact(async (tx, after) => {
    const { count } = await tx.notification.updateMany({
      where: { userId: actor.id, readAt: null, ...("ids" in which ? { id: { in: which.ids } } : {}) },
      data: { readAt: new Date() },
    });
    const unread = await tx.notification.count({ where: { userId: actor.id, readAt: null } });
    if (count > 0) after.live(userTopic(actor.id), "notification.read", { unread });
    return { marked: count, unread };
  });
}

/** The link of one of the user's notifications, marked read on the way (the inbox's "open"). */
export async function openNotification(actor: Pick<Actor, "id">, id: number): Promise<string | null> {
  return transact(async (tx, after) => {
    const n = await tx.notification.findFirst({
      where: { id, userId: actor.id },
      select: { link: true, readAt: true },
    });
    if (!n) return null;
    if (!n.readAt) {
      await tx.notification.update({ where: { id }, data: { readAt: new Date() } });
      const unread = await tx.notification.count({ where: { userId: actor.id, readAt: null } });
      after.live(userTopic(actor.id), "notification.read", { unread });
    }
    return n.link;
  });
}
