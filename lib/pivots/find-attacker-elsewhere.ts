// Beyond the notebook: the same attacker (same IP / user agent criterion) on other hosts or
// sites, from the lookback's start to a week after the anchor: per (host, site) the requests,
// first and last time. Bounded: the first ELSEWHERE_ROW_LIMIT matching requests in time order
// are counted; past that, `truncated` is set, counts are lower bounds and last times are those of
// the requests counted (a user agent shared by every browser of one version matches millions).
import { getPool } from "../db";
import { attackerCondition } from "./attacker-condition";
import { parseDuration } from "./parse-duration";
import type { PivotParams } from "./pivot-params";
import type { AttackerElsewhere } from "./pivot-result";
import { TIMELINE_AFTER_MS } from "./find-attacker-timeline";
import { timeChunks } from "./time-chunks";

export const ELSEWHERE_ROW_LIMIT = 10_000;

export async function findAttackerElsewhere(p: PivotParams): Promise<AttackerElsewhere> {
  const anchor = new Date(p.anchor);
  const from = new Date(anchor.getTime() - parseDuration(p.lookback, "lookback"));
  const to = new Date(anchor.getTime() + TIMELINE_AFTER_MS);
  const who = attackerCondition(p, 7);
  const sites = new Map<string, AttackerElsewhere["sites"][number]>();
  let counted = 0;
  // Pieces forward from the lookback's start, until ELSEWHERE_ROW_LIMIT + 1 requests are counted.
  // Index: web_requests_client_ip_time_idx or web_requests_user_agent_time_idx, a time-ordered
  // range scan per piece stopped by its LIMIT; each aggregate runs over the rows it returns.
  for (const c of timeChunks(from, to, "forward")) {
    const { rows } = await getPool().query<{
      host: string | null;
      site: string | null;
      requests: number;
      first: Date;
      last: Date;
    }>(
      `SELECT host, site, count(*)::int AS requests, min(time) AS first, max(time) AS last
         FROM (SELECT host, site, time FROM web_requests
                WHERE ${who.sql} AND time >= $1 AND time <= $2 AND (time > $1 OR $3::boolean)
                  AND (host IS DISTINCT FROM $4 OR site IS DISTINCT FROM $5)
                ORDER BY time LIMIT $6) s
        GROUP BY host, site`,
      [c.lo, c.hi, c.loInclusive, p.host, p.site, ELSEWHERE_ROW_LIMIT + 1 - counted, ...who.params],
    );
    for (const r of rows) {
      const key = `${r.host ?? ""}\u0000${r.site ?? ""}`;
      const seen = sites.get(key);
      // Pieces come in time order: the first piece that saw a pair has its first request.
      if (seen) {
        seen.requests += r.requests;
        seen.last = r.last.toISOString();
      } else {
        sites.set(key, {
          host: r.host,
          site: r.site,
          requests: r.requests,
          first: r.first.toISOString(),
          last: r.last.toISOString(),
        });
      }
      counted += r.requests;
    }
    if (counted > ELSEWHERE_ROW_LIMIT) break;
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    sites: [...sites.values()].sort(
      (a, b) => ordinal(a.first, b.first) || ordinal(a.host, b.host) || ordinal(a.site, b.site),
    ),
    truncated: counted > ELSEWHERE_ROW_LIMIT,
  };
}

const ordinal = (a: string | null, b: string | null) => ((a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0);
