// Stored alerts, newest first, with their hosts: the Alerts page's list. Only the columns a list
// shows are read; entities, raw rows and extended properties stay in the database.
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";

const alertListSelect = {
  id: true,
  systemAlertId: true,
  displayName: true,
  alertName: true,
  providerName: true,
  productName: true,
  severity: true,
  status: true,
  compromisedEntity: true,
  timeGenerated: true,
  startTime: true,
  hosts: { select: { hostName: true, dnsDomain: true, fqdn: true }, orderBy: { id: "asc" } },
} satisfies Prisma.AlertSelect;

export type AlertListItem = Prisma.AlertGetPayload<{ select: typeof alertListSelect }>;

export async function findAlerts(params: Partial<PageParams> = {}): Promise<Page<AlertListItem>> {
  const { page, perPage } = toPageParams(params);
  const prisma = getPrisma();
  const [data, count] = await Promise.all([
    prisma.alert.findMany({
      select: alertListSelect,
      // alerts_time_generated_idx; id keeps the order stable between pages for equal times.
      orderBy: [{ timeGenerated: "desc" }, { id: "desc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.alert.count(),
  ]);
  return { data, count, page, perPage };
}
