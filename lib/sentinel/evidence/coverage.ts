// The coverage map: which (source, host, scope, time range) of a workspace's W3CIISLog is already
// stored locally, so that no window is fetched twice. Scope "all" means every request of the host
// in the range; any other scope names a filtered fetch (a page's history, an attacker's requests,
// a file name) that answers exactly one question for exactly that range. A range fetched with a
// PartialError is recorded incomplete: shown to the admin, and fetched again next time.
import { getPrisma } from "../../db";

export const ALL = "all";

export interface Interval {
  from: number;
  to: number;
}

/** The parts of [from, to] (ms, both ends included) that no interval covers. */
export function gaps(from: number, to: number, covered: Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = from;
  for (const c of [...covered].sort((a, b) => a.from - b.from)) {
    if (c.to < cursor) continue;
    if (c.from > to) break;
    if (c.from > cursor) out.push({ from: cursor, to: Math.min(to, c.from - 1) });
    cursor = Math.max(cursor, c.to + 1);
    if (cursor > to) return out;
  }
  if (cursor <= to) out.push({ from: cursor, to });
  return out;
}

/** Complete ranges of scope "all" for this host overlapping [from, to]. */
export async function coveredAll(sourceId: number, host: string, from: number, to: number): Promise<Interval[]> {
  const rows = await getPrisma().sourceCoverage.findMany({
    where: {
      sourceId,
      host,
      scope: ALL,
      complete: true,
      fromTime: { lte: new Date(to) },
      toTime: { gte: new Date(from) },
    },
    select: { fromTime: true, toTime: true },
  });
  return rows.map((r) => ({ from: r.fromTime.getTime(), to: r.toTime.getTime() }));
}

/** True when a complete fetch of exactly this scope and range is recorded. */
export async function hasScope(
  sourceId: number,
  host: string,
  scope: string,
  from: number,
  to: number,
): Promise<boolean> {
  const n = await getPrisma().sourceCoverage.count({
    where: { sourceId, host, scope, complete: true, fromTime: new Date(from), toTime: new Date(to) },
  });
  return n > 0;
}

export async function recordCoverage(c: {
  sourceId: number;
  host: string;
  scope: string;
  from: number;
  to: number;
  complete: boolean;
  rows: number;
  error?: string | null;
}): Promise<void> {
  await getPrisma().sourceCoverage.create({
    data: {
      sourceId: c.sourceId,
      host: c.host,
      scope: c.scope,
      fromTime: new Date(c.from),
      toTime: new Date(c.to),
      complete: c.complete,
      rows: c.rows,
      error: c.error ?? null,
    },
  });
}
