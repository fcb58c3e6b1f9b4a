// "By the attacker", as SQL: by IP, by user agent, or both (same IP AND same user agent). Every
// value is a parameter; only the shape of the condition is chosen here, from three fixed forms,
// and each form leads with the column of the index that serves it.
import type { PivotParams } from "./pivot-params";

export interface AttackerCondition {
  sql: string;
  params: string[];
  /** The index the condition is written for (web_requests, declared on every partition). */
  index: "web_requests_client_ip_time_idx" | "web_requests_user_agent_time_idx";
}

/** The condition with its parameters numbered from $`first`. */
export function attackerCondition(p: Pick<PivotParams, "ip" | "userAgent">, first: number): AttackerCondition {
  if (p.ip !== undefined && p.userAgent !== undefined) {
    // Both: the IP index (an attacker's IP is far more selective than a browser's user agent),
    // the user agent checked on the rows it returns.
    return {
      sql: `client_ip = $${first}::inet AND user_agent = $${first + 1}`,
      params: [p.ip, p.userAgent],
      index: "web_requests_client_ip_time_idx",
    };
  }
  if (p.ip !== undefined) {
    return { sql: `client_ip = $${first}::inet`, params: [p.ip], index: "web_requests_client_ip_time_idx" };
  }
  if (p.userAgent !== undefined) {
    // The index holds a 512-character prefix (a B-tree entry cannot hold a crafted multi-kB user
    // agent); the prefix finds the rows, the whole value decides (docs/storage.md). A value
    // shorter than the prefix is matched exactly by the prefix alone (left() of a longer value
    // is 512 characters long), and one condition instead of two keeps the planner's row estimate
    // right: with both it multiplies their selectivities and, for a common browser's user agent,
    // underestimates the rows six-fold and picks a full scan of the month.
    if ([...p.userAgent].length < 512) {
      return {
        sql: `left(user_agent, 512) = $${first}`,
        params: [p.userAgent],
        index: "web_requests_user_agent_time_idx",
      };
    }
    return {
      sql: `left(user_agent, 512) = left($${first}, 512) AND user_agent = $${first}`,
      params: [p.userAgent],
      index: "web_requests_user_agent_time_idx",
    };
  }
  throw new Error("a pivot needs the attacker's IP, user agent, or both");
}

/** The columns every pivot returns per request. */
export const PIVOT_COLUMNS = `time, host, site, method, uri_stem AS "uriStem", uri_query AS "uriQuery",
  host(client_ip) AS ip, user_agent AS "userAgent", status, bytes_received AS "bytesReceived", batch_id AS "batchId", line`;

export interface PivotRow {
  time: Date;
  host: string | null;
  site: string | null;
  method: string | null;
  uriStem: string | null;
  uriQuery: string | null;
  ip: string | null;
  userAgent: string | null;
  status: number | null;
  /** cs-bytes: null when the log does not carry it (IIS 10's default fields). pg returns bigint as text. */
  bytesReceived: string | null;
  batchId: number;
  line: number;
}
