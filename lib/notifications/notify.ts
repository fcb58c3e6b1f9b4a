// Creates notifications in the transaction of the change that causes them, so a rolled-back
// change leaves none (docs/notifications.md). One notice per person per change, the first one
// given for them winning (the caller lists the most specific first: mentioned before watching).
// The author of the change is never notified, nor a disabled user. After the commit each
// recipient's pages hear `user:<id>` (the bell's count) and the notices to email are queued
// (announceNotifications).
import type { Prisma } from "../generated/prisma/client";
import type { NotificationKind } from "../generated/prisma/enums";
import { getEnv } from "../env";
import { enqueueEmails } from "../jobs/queues";
import { getPrisma } from "../db";
import { userTopic } from "../live/events";
import { publishLive } from "../live/publish";
import type { AfterCommit } from "../transact";

export interface Notice {
  userId: number;
  kind: NotificationKind;
  /** Plain text, shown as text. */
  summary: string;
  /** A path inside the app. */
  link: string;
}

export interface NoticeContext {
  /** Who made the change; null for the system (an import finishing). */
  actorId: number | null;
  caseId?: number | null;
  importBatchId?: number | null;
}

/** Whether new notifications are to be emailed: SMTP configured here. */
export const emailConfigured = () => getEnv().SMTP_URL !== undefined;

export async function notify(
  tx: Prisma.TransactionClient,
  after: AfterCommit,
  context: NoticeContext,
  notices: Notice[],
): Promise<number[]> {
  const byUser = new Map<number, Notice>();
  for (const n of notices) {
    if (n.userId === context.actorId || byUser.has(n.userId)) continue;
    if (!n.link.startsWith("/") || n.link.startsWith("//"))
      throw new Error(`notification link must be a path: ${n.link}`);
    byUser.set(n.userId, n);
  }
  if (byUser.size === 0) return [];
  const recipients = await tx.user.findMany({
    where: { id: { in: [...byUser.keys()] }, disabled: false },
    select: { id: true, emailNotifications: true },
  });
  if (recipients.length === 0) return [];
  const created = await tx.notification.createManyAndReturn({
    data: recipients.map((r) => {
      const n = byUser.get(r.id)!;
      return {
        userId: r.id,
        kind: n.kind,
        summary: n.summary.slice(0, 500),
        link: n.link,
        caseId: context.caseId ?? null,
        importBatchId: context.importBatchId ?? null,
        actorId: context.actorId,
        emailState: emailConfigured() && r.emailNotifications ? ("pending" as const) : ("none" as const),
      };
    }),
    select: { id: true, userId: true, emailState: true },
  });
  after.then("announce notifications", () => announceNotifications(created));
  return created.map((c) => c.id);
}

/**
 * After the commit of new notifications: each recipient's pages hear their unread count, and
 * the ones to email are queued (a queue outage leaves them pending for the reconciler).
 */
export async function announceNotifications(
  created: { id: number; userId: number; emailState: string }[],
): Promise<void> {
  if (!created.length) return;
  const toEmail = created.filter((c) => c.emailState === "pending").map((c) => c.id);
  try {
    if (toEmail.length) await enqueueEmails(toEmail);
  } finally {
    const unread = await getPrisma().notification.groupBy({
      by: ["userId"],
      where: { userId: { in: [...new Set(created.map((c) => c.userId))] }, readAt: null },
      _count: { _all: true },
    });
    await publishLive(
      unread.map((u) => ({ topic: userTopic(u.userId), kind: "notification", data: { unread: u._count._all } })),
    );
  }
}
