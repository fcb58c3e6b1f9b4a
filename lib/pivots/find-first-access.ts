// The notebook's pivots (b) and (d): the attacker's earliest request to this host and site in
// [anchor − lookback, anchor], both ends included — any request, script or not.
import { getPool } from "../db";
import { attackerCondition } from "./attacker-condition";
import { parseDuration } from "./parse-duration";
import type { PivotParams } from "./pivot-params";
import type { FirstAccess } from "./pivot-result";

export async function findFirstAccess(p: PivotParams): Promise<FirstAccess | null> {
  const anchor = new Date(p.anchor);
  const from = new Date(anchor.getTime() - parseDuration(p.lookback, "lookback"));
  const who = attackerCondition(p, 5);
  // Index: web_requests_client_ip_time_idx or web_requests_user_agent_time_idx, read in time
  // order from the lookback's start; the first row on this host and site ends the scan. The
  // earliest time is found first and ties broken among its rows only: ORDER BY time, batch_id,
  // line over the whole lookback would make the planner sort every match instead of stopping.
  const match = `${who.sql} AND time >= $1 AND time <= $2 AND host = $3 AND site = $4`;
  const { rows } = await getPool().query<{ time: Date; site: string | null; uri: string | null }>(
    `SELECT time, site, uri_stem AS uri FROM web_requests
      WHERE ${match} AND time = (SELECT time FROM web_requests WHERE ${match} ORDER BY time LIMIT 1)
      ORDER BY batch_id, line LIMIT 1`,
    [from, anchor, p.host, p.site, ...who.params],
  );
  const r = rows[0];
  return r ? { time: r.time.toISOString(), site: r.site, uri: r.uri } : null;
}
