// A user's inbox: their notifications, newest first, and how many are unread (the bell).
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";

const notificationSelect = {
  id: true,
  kind: true,
  summary: true,
  link: true,
  createdAt: true,
  readAt: true,
  emailState: true,
  actor: { select: { name: true } },
  case: { select: { number: true } },
} satisfies Prisma.NotificationSelect;

export type NotificationView = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

export async function findNotifications(
  userId: number,
  params: Partial<PageParams> & { unreadOnly?: boolean } = {},
): Promise<Page<NotificationView>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage });
  const where: Prisma.NotificationWhereInput = { userId, ...(params.unreadOnly ? { readAt: null } : {}) };
  const prisma = getPrisma();
  const [data, count] = await Promise.all([
    prisma.notification.findMany({
      where,
      select: notificationSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.notification.count({ where }),
  ]);
  return { data, count, page, perPage };
}

export async function countUnread(userId: number): Promise<number> {
  return getPrisma().notification.count({ where: { userId, readAt: null } });
}
