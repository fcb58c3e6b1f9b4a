// Beyond the notebook: the same attacker (same IP / user agent criterion) on other hosts or
// sites, from the lookback's start to a week after the anchor: per (host, site) the requests,
// first and last time. Bounded: the first ELSEWHERE_ROW_LIMIT matching requests in time order
// are counted; past that, `truncated` is set and the counts are lower bounds (a user agent
// shared by every browser of one version matches millions of requests).
import { getPool } from "../db";
import { attackerCondition } from "./attacker-condition";
import { parseDuration } from "./parse-duration";
import type { PivotParams } from "./pivot-params";
import type { AttackerElsewhere } from "./pivot-result";
import { TIMELINE_AFTER_MS } from "./find-attacker-timeline";

export const ELSEWHERE_ROW_LIMIT = 10_000;

export async function findAttackerElsewhere(p: PivotParams): Promise<AttackerElsewhere> {
  const anchor = new Date(p.anchor);
  const from = new Date(anchor.getTime() - parseDuration(p.lookback, "lookback"));
  const to = new Date(anchor.getTime() + TIMELINE_AFTER_MS);
  const who = attackerCondition(p, 6);
  // Index: web_requests_client_ip_time_idx or web_requests_user_agent_time_idx, a time-ordered
  // range scan stopped by the LIMIT; the aggregate runs over at most ELSEWHERE_ROW_LIMIT + 1 rows.
  const { rows } = await getPool().query<{
    host: string | null;
    site: string | null;
    requests: number;
    first: Date;
    last: Date;
  }>(
    `SELECT host, site, count(*)::int AS requests, min(time) AS first, max(time) AS last
       FROM (SELECT host, site, time FROM web_requests
              WHERE ${who.sql} AND time >= $1 AND time <= $2
                AND (host IS DISTINCT FROM $3 OR site IS DISTINCT FROM $4)
              ORDER BY time LIMIT $5) s
      GROUP BY host, site ORDER BY min(time), host, site`,
    [from, to, p.host, p.site, ELSEWHERE_ROW_LIMIT + 1, ...who.params],
  );
  const total = rows.reduce((n, r) => n + r.requests, 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    sites: rows.map((r) => ({
      host: r.host,
      site: r.site,
      requests: r.requests,
      first: r.first.toISOString(),
      last: r.last.toISOString(),
    })),
    truncated: total > ELSEWHERE_ROW_LIMIT,
  };
}
