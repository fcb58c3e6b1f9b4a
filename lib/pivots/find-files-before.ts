// The notebook's pivots (a) and (c): what the attacker requested on this host and site in
// [anchor − window, anchor], both ends included, oldest first.
import { getPool } from "../db";
import { hasAnyTerm, SCRIPT_EXTENSIONS } from "../enrich/kql-has";
import { attackerCondition, PIVOT_COLUMNS, type PivotRow } from "./attacker-condition";
import { parseDuration } from "./parse-duration";
import { timeChunks } from "./time-chunks";
import type { PivotParams } from "./pivot-params";

/** Rows read at most; beyond it the result says it is truncated. */
export const FILES_BEFORE_LIMIT = 10_000;

// A superset of KQL `has` on the extensions (ILIKE folds at least ASCII case and ignores what
// follows), so the database returns only candidate script requests; hasAnyTerm then applies the
// exact term rule (no letter or digit after the extension, in any script) that SQL regex classes
// cannot promise across collations.
const SCRIPT_PREFILTER = SCRIPT_EXTENSIONS.map((ext) => `%${ext}%`);

/** Script resources as the notebook counts them: its list (.js included), KQL `has` semantics. */
export function isNotebookScript(uriStem: string | null): boolean {
  return uriStem !== null && hasAnyTerm(uriStem, SCRIPT_EXTENSIONS);
}

export async function findFilesBefore(
  p: PivotParams,
  limit = FILES_BEFORE_LIMIT,
): Promise<{ rows: PivotRow[]; truncated: boolean }> {
  const anchor = new Date(p.anchor);
  const from = new Date(anchor.getTime() - parseDuration(p.window, "window"));
  const who = attackerCondition(p, 7);
  const scripts = p.allRequests ? "" : `AND uri_stem ILIKE ANY($${7 + who.params.length})`;
  const rows: PivotRow[] = [];
  // Oldest first, piece by piece (time-chunks.ts), until limit + 1 rows: a wide window on a common
  // user agent then never sorts a week of requests. Index: web_requests_client_ip_time_idx (by IP,
  // or both) or web_requests_user_agent_time_idx (by user agent) — a range scan on (attacker,
  // time) per piece; host, site and the script prefilter filter the rows it returns.
  for (const c of timeChunks(from, anchor, "forward")) {
    const { rows: got } = await getPool().query<PivotRow>(
      `SELECT ${PIVOT_COLUMNS} FROM web_requests
        WHERE ${who.sql} AND time >= $1 AND time <= $2 AND (time > $1 OR $3::boolean) AND host = $4 AND site = $5 ${scripts}
        ORDER BY time, batch_id, line LIMIT $6`,
      [
        c.lo,
        c.hi,
        c.loInclusive,
        p.host,
        p.site,
        limit + 1 - rows.length,
        ...who.params,
        ...(p.allRequests ? [] : [SCRIPT_PREFILTER]),
      ],
    );
    rows.push(...got);
    if (rows.length > limit) break;
  }
  const truncated = rows.length > limit;
  const kept = truncated ? rows.slice(0, limit) : rows;
  return { rows: p.allRequests ? kept : kept.filter((r) => isNotebookScript(r.uriStem)), truncated };
}
