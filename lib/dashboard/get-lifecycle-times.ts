// Mean time to triage and to close over a window (the dashboard's last 30 days), from the
// lifecycle history (case_status_changes). Definitions in docs/dashboard.md and
// lib/cases/case-milestones-sql.ts; the cases list's triagedFrom / closedFrom filters select the
// same cases.
import { CLOSING_CHANGE, OPENED_AT, TRIAGE_CHANGE } from "../cases/case-milestones-sql";
import { getPrisma } from "../db";

export const DASHBOARD_WINDOW_DAYS = 30;

/** The start of the dashboard's window ending at `now`. */
export function windowStart(now: Date, days = DASHBOARD_WINDOW_DAYS): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export interface MeanTime {
  /** Cases measured: triaged (or closed) in the window. */
  count: number;
  /** Mean milliseconds from the case's opening; null when no case was measured. */
  meanMs: number | null;
}

export interface LifecycleTimes {
  since: Date;
  triage: MeanTime;
  close: MeanTime;
}

export async function getLifecycleTimes(since: Date): Promise<LifecycleTimes> {
  // case_status_changes_from_status_changed_at_idx / _to_status_changed_at_idx find the window's
  // moves out of new and into closed; case_status_changes_case_id_changed_at_idx the case's
  // opening and its other moves. Only the window's changes are read, never every case.
  const [triage, close] = await Promise.all([
    getPrisma().$queryRaw<[{ count: number; mean_ms: number | null }]>`
      SELECT count(*)::int AS count, avg(EXTRACT(EPOCH FROM (s.changed_at - ${OPENED_AT})) * 1000)::float8 AS mean_ms
        FROM case_status_changes s
       WHERE s.from_status = 'new' AND s.changed_at >= ${since} AND ${TRIAGE_CHANGE}`,
    getPrisma().$queryRaw<[{ count: number; mean_ms: number | null }]>`
      SELECT count(*)::int AS count, avg(EXTRACT(EPOCH FROM (s.changed_at - ${OPENED_AT})) * 1000)::float8 AS mean_ms
        FROM case_status_changes s
       WHERE s.to_status = 'closed' AND s.changed_at >= ${since} AND ${CLOSING_CHANGE}`,
  ]);
  const mean = (r: { count: number; mean_ms: number | null }): MeanTime => ({
    count: r.count,
    meanMs: r.count === 0 || r.mean_ms === null ? null : Math.round(r.mean_ms),
  });
  return { since, triage: mean(triage[0]), close: mean(close[0]) };
}
