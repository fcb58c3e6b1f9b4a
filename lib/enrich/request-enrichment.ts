// Marks alerts as having new evidence and queues their enrichment: after an alert is stored or
// updated, and after web logs arrive for an alert's host and time (logs often come in batches,
// after the alert). Queueing is best effort: with Redis down the alerts stay "pending" and
// `cli enrich` picks them up later.
import type { Prisma } from "../generated/prisma/client";
import { getPool, getPrisma } from "../db";
import { publishLive } from "../live/publish";
import { logger } from "../logger";
import { enqueueEnrichment } from "../jobs/queues";
import { DEFAULT_ENRICH_CONFIG } from "./enrich-config";
import { hostKeys, matchesHost } from "./resolve-web-hosts";

const DAY = 86_400_000;

export interface MarkedAlert {
  id: number;
  generation: number;
}

/**
 * `onMarked` runs in the transaction that bumps the generations (an analyst's re-run writes its
 * audit entries there); the jobs are queued after it commits.
 */
export async function requestEnrichment(
  alertIds: number[],
  opts: { onMarked?: (tx: Prisma.TransactionClient, alerts: MarkedAlert[]) => Promise<void> } = {},
): Promise<number> {
  if (!alertIds.length) return 0;
  // Waits for a connection as long as an import may hold them; may mark thousands of alerts.
  const rows = await getPrisma().$transaction(
    async (tx) => {
      const marked = await tx.$queryRaw<MarkedAlert[]>`
      UPDATE alerts SET enrich_generation = enrich_generation + 1, enrichment_state = 'queued', enrichment_error = NULL
       WHERE id = ANY(${alertIds}::int[])
       RETURNING id, enrich_generation AS generation`;
      await opts.onMarked?.(tx, marked);
      return marked;
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
  // The alert queue shows them waiting (and its enrichment progress grows).
  if (rows.length) await publishLive([{ topic: "alerts", kind: "alerts.queued", data: { count: rows.length } }]);
  try {
    await enqueueEnrichment(rows.map((r) => ({ alertId: r.id, generation: r.generation })));
  } catch (err) {
    await getPool().query(`UPDATE alerts SET enrichment_state = 'pending' WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
    logger.warn("enrichment not queued; run `cli enrich` once the queue is reachable", {
      alerts: rows.length,
      error: err instanceof Error ? err.message : String(err),
    });
    return 0;
  }
  return rows.length;
}

/** After web logs for these hosts and times were imported: enrich again the alerts they may explain. */
export async function requestEnrichmentForLogs(sources: { host: string; first: Date; last: Date }[]): Promise<number> {
  const withHost = sources.filter((s) => s.host);
  if (!withHost.length) return 0;
  const first = Math.min(...withHost.map((s) => s.first.getTime()));
  const last = Math.max(...withHost.map((s) => s.last.getTime()));
  // A shell may be used days after the file alert, and a command alert lags its request by
  // minutes: take every web shell alert from a baseline before to a day after the logs.
  const { rows } = await getPool().query<{
    id: number;
    host_name: string | null;
    dns_domain: string | null;
    fqdn: string | null;
  }>(
    `SELECT a.id, h.host_name, h.dns_domain, h.fqdn FROM alerts a JOIN alert_hosts h ON h.alert_id = a.id
      WHERE a.kind <> 'other' AND a.time_generated >= $1 AND a.time_generated <= $2`,
    [new Date(first - DAY), new Date(last + DEFAULT_ENRICH_CONFIG.baselineDays * DAY)],
  );
  const ids = new Set<number>();
  for (const r of rows) {
    const keys = hostKeys({ hostName: r.host_name, dnsDomain: r.dns_domain, fqdn: r.fqdn });
    if (withHost.some((s) => matchesHost(s.host, keys))) ids.add(r.id);
  }
  return requestEnrichment([...ids]);
}
