// Alert pull: reads a source's Defender for Endpoint SecurityAlert rows that reached the workspace
// since its cursor and stores them as an imported file's rows are stored (lib/alerts/
// store-pulled-alerts.ts: same parser, newest TimeGenerated wins per SystemAlertId, enrichment
// queued). The cursor is ingestion_time(), not TimeGenerated: a row that happened long ago but
// landed after the last pull is still found. Each pull re-reads PULL_OVERLAP_MS before the cursor
// (rows committed out of order around it); what it reads twice is stored once.
import { getPrisma } from "../db";
import { publishLive } from "../live/publish";
import { logger } from "../logger";
import { storePulledAlerts } from "../alerts/store-pulled-alerts";
import { connect } from "./connect";
import { alertsSince } from "./kql/templates";
import { runQuery } from "./run-query";
import { describeWorkspaceError, toWorkspaceError, WorkspaceError } from "./workspace-error";

/** Re-read before the cursor on every pull. */
export const PULL_OVERLAP_MS = 10 * 60_000;
/** Rows per query; a full page asks again from its last ingestion time. */
export const PULL_PAGE_ROWS = 5000;
/** How far before the oldest ingestion time asked for an alert's TimeGenerated may lie (the query's timespan). */
export const LATE_ROW_WINDOW_MS = 30 * 86_400_000;
/** Where a source's first pull starts when it names no start. */
export const FIRST_PULL_BACK_MS = 7 * 86_400_000;

export interface PullSummary {
  sourceId: number;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  errors: { row: number; reason: string }[];
  from: string;
  to: string;
  cursor: string | null;
}

/** JSON as the service sends it: datetimes as ISO strings, dynamic values as JSON text (what exports hold). */
function asServiceRow(row: Record<string, unknown>, types: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date) out[k] = v.toISOString();
    else if (types.get(k) === "dynamic" && v !== null && typeof v === "object") out[k] = JSON.stringify(v);
    else out[k] = v;
  }
  return out;
}

export async function pullAlerts(sourceId: number, opts: { since?: Date; now?: Date } = {}): Promise<PullSummary> {
  const prisma = getPrisma();
  const source = await prisma.dataSource.findUniqueOrThrow({ where: { id: sourceId } });
  const now = opts.now ?? new Date();
  const start =
    opts.since ??
    (source.alertCursor
      ? new Date(source.alertCursor.getTime() - PULL_OVERLAP_MS)
      : (source.pullSince ?? new Date(source.createdAt.getTime() - FIRST_PULL_BACK_MS)));
  const summary: PullSummary = {
    sourceId,
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    from: start.toISOString(),
    to: now.toISOString(),
    cursor: source.alertCursor?.toISOString() ?? null,
  };
  const timespan = {
    startTime: new Date(Math.min(start.getTime(), source.pullSince?.getTime() ?? Infinity) - LATE_ROW_WINDOW_MS),
    endTime: now,
  };
  let cursor = source.alertCursor;
  try {
    const ws = connect(source);
    let from = start;
    for (;;) {
      const res = await runQuery(
        ws,
        alertsSince.build({ fromIngestion: from, toIngestion: now, maxRows: PULL_PAGE_ROWS }),
        timespan,
      );
      if (res.partial)
        throw new WorkspaceError("server", `partial answer (${res.partial.code}): ${res.partial.message}`);
      const types = new Map(res.columns.map((c) => [c.name, c.type]));
      const ingested = new Map<string, Date>();
      let last: Date | null = null;
      for (const r of res.rows) {
        const at = r.IngestedAt instanceof Date ? r.IngestedAt : new Date(String(r.IngestedAt));
        const id = String(r.SystemAlertId ?? "");
        if (!ingested.has(id) || ingested.get(id)!.getTime() < at.getTime()) ingested.set(id, at);
        if (!last || at > last) last = at;
      }
      const rows = res.rows.map((r) => {
        const { IngestedAt: _ingested, ...rest } = asServiceRow(r, types);
        return rest;
      });
      const stored = await storePulledAlerts(rows, source.id, source.name, ingested);
      summary.rows += rows.length;
      summary.imported += stored.counts.imported;
      summary.updated += stored.counts.updated;
      summary.unchanged += stored.counts.unchanged;
      summary.errors.push(...stored.errors.map((e) => ({ row: e.row + summary.rows - rows.length, reason: e.reason })));
      if (last && (!cursor || last > cursor)) cursor = last;
      // The cursor moves only once what was read is stored: a pull that dies re-reads it.
      await prisma.dataSource.update({ where: { id: source.id }, data: { alertCursor: cursor } });
      if (res.rows.length < PULL_PAGE_ROWS || !last) break;
      // A full page: go on from its last ingestion time (rows tied with it are read again, stored once).
      if (last.getTime() <= from.getTime()) {
        logger.warn("more alert rows share one ingestion time than a page holds; some may be skipped", {
          sourceId,
          at: last.toISOString(),
        });
        from = new Date(last.getTime() + 1);
      } else from = new Date(last.getTime() - 1);
    }
    summary.cursor = cursor?.toISOString() ?? null;
    await prisma.dataSource.update({
      where: { id: source.id },
      data: {
        lastPullAt: now,
        lastPullRows: summary.rows,
        lastPullStored: summary.imported + summary.updated,
        alertRowsPulled: { increment: summary.rows },
        lastError: summary.errors.length
          ? `${summary.errors.length} rows refused: ${summary.errors[0]!.reason}`.slice(0, 1000)
          : null,
        lastErrorAt: summary.errors.length ? now : null,
      },
    });
    const stored = summary.imported + summary.updated;
    if (stored > 0)
      await publishLive([{ topic: "alerts", kind: "alerts.imported", data: { sourceId, count: stored } }]);
    return summary;
  } catch (err) {
    const message = describeWorkspaceError(toWorkspaceError(err));
    await prisma.dataSource.update({
      where: { id: source.id },
      data: { lastPullAt: now, lastError: message.slice(0, 1000), lastErrorAt: now },
    });
    logger.warn("alert pull failed", { sourceId, error: message });
    throw err;
  }
}
