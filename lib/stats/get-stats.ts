// What the database holds, at a glance: the Overview page and `cli stats` read this. Web log
// figures come from web_log_sources (kept by each import), never from a scan of web_requests.
import { getPrisma } from "../db";
import type { ImportStatus } from "../generated/prisma/enums";

export interface WebLogSourceStat {
  /** "" when the file named no host and none was given at import. */
  host: string;
  /** "" when the file named no site and none was given at import. */
  site: string;
  requests: number;
  firstTime: Date;
  lastTime: Date;
}

export interface Stats {
  /** Web requests stored, all hosts and sites. */
  requests: number;
  /** Distinct known host names (s-computername or given at import). */
  hosts: number;
  /** Distinct known site names (s-sitename or given at import). */
  sites: number;
  firstRequestAt: Date | null;
  lastRequestAt: Date | null;
  /** The host/site pairs with the most requests, most first. */
  topSources: WebLogSourceStat[];
  alerts: number;
  /** Alert count per ProviderName (null when the row had none), largest first. */
  alertsByProvider: { providerName: string | null; count: number }[];
  importsByStatus: Record<ImportStatus, number>;
}

const TOP_SOURCES = 10;

export async function getStats(): Promise<Stats> {
  const prisma = getPrisma();
  const [sourceTotals, hostRows, siteRows, topSources, byProvider, byStatus] = await Promise.all([
    prisma.webLogSource.aggregate({ _sum: { requests: true }, _min: { firstTime: true }, _max: { lastTime: true } }),
    prisma.webLogSource.findMany({ where: { host: { not: "" } }, distinct: ["host"], select: { host: true } }),
    prisma.webLogSource.findMany({ where: { site: { not: "" } }, distinct: ["site"], select: { site: true } }),
    prisma.webLogSource.findMany({
      orderBy: [{ requests: "desc" }, { host: "asc" }, { site: "asc" }],
      take: TOP_SOURCES,
    }),
    // alerts_provider_name_idx, index-only; the total is the groups' sum (a second count of a
    // million alerts cost as much again).
    prisma.alert.groupBy({ by: ["providerName"], _count: { _all: true } }),
    prisma.importBatch.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);

  const importsByStatus: Stats["importsByStatus"] = { queued: 0, running: 0, completed: 0, failed: 0, rejected: 0 };
  for (const row of byStatus) importsByStatus[row.status] = row._count._all;

  return {
    requests: Number(sourceTotals._sum.requests ?? 0n),
    hosts: hostRows.length,
    sites: siteRows.length,
    firstRequestAt: sourceTotals._min.firstTime,
    lastRequestAt: sourceTotals._max.lastTime,
    topSources: topSources.map((s) => ({ ...s, requests: Number(s.requests) })),
    alerts: byProvider.reduce((sum, row) => sum + row._count._all, 0),
    alertsByProvider: byProvider
      .map((row) => ({ providerName: row.providerName, count: row._count._all }))
      .sort((a, b) => b.count - a.count || String(a.providerName).localeCompare(String(b.providerName))),
    importsByStatus,
  };
}
