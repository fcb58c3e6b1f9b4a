// Beyond the notebook: everything the attacker did on this host and site, from the lookback's
// start to a week after the anchor, with writes, uploads and 404 probing bursts marked. Bounded:
// the rows nearest the anchor are kept (TIMELINE_BEFORE_LIMIT before it, TIMELINE_AFTER_LIMIT
// after), and `truncated` says when more exist.
import { getPool } from "../db";
import { hasAnyTerm } from "../enrich/kql-has";
import { DEFAULT_SCRIPT_EXTENSIONS } from "../enrich/enrich-config";
import { attackerCondition, PIVOT_COLUMNS, type PivotRow } from "./attacker-condition";
import { markProbeBursts } from "./mark-probe-bursts";
import { timeChunks, type TimeChunk } from "./time-chunks";
import { parseDuration } from "./parse-duration";
import type { PivotParams } from "./pivot-params";
import type { AttackerTimeline } from "./pivot-result";

export const TIMELINE_AFTER_MS = 7 * 86_400_000;
export const TIMELINE_BEFORE_LIMIT = 4000;
export const TIMELINE_AFTER_LIMIT = 1000;
/** An upload body carries a file: smaller POSTs are forms and shell commands. */
export const UPLOAD_MIN_BYTES = 2048;

const isWrite = (method: string | null) => method !== null && /^(post|put)$/i.test(method);

/**
 * A write to a script page (default-mode list: ASP.NET handlers included) with a body of at least
 * UPLOAD_MIN_BYTES; when the log has no cs-bytes, a write whose path or query names an upload
 * (`upload`, Telerik's `type=rau`). IIS logs no content type, so this is a marker, not proof.
 */
export function isUpload(r: Pick<PivotRow, "method" | "uriStem" | "uriQuery" | "bytesReceived">): boolean {
  if (!isWrite(r.method) || r.uriStem === null || !hasAnyTerm(r.uriStem, DEFAULT_SCRIPT_EXTENSIONS)) return false;
  if (r.bytesReceived !== null) return Number(r.bytesReceived) >= UPLOAD_MIN_BYTES;
  return /upload|[?&]type=rau(&|$)/i.test(`${r.uriStem}?${r.uriQuery ?? ""}`);
}

export async function findAttackerTimeline(p: PivotParams): Promise<AttackerTimeline> {
  const anchor = new Date(p.anchor);
  const from = new Date(anchor.getTime() - parseDuration(p.lookback, "lookback"));
  const to = new Date(anchor.getTime() + TIMELINE_AFTER_MS);
  const [before, after] = await Promise.all([
    readNearest(p, timeChunks(from, anchor, "backward"), "DESC", TIMELINE_BEFORE_LIMIT),
    readNearest(p, timeChunks(anchor, to, "forward", false), "ASC", TIMELINE_AFTER_LIMIT),
  ]);
  const truncated = before.truncated || after.truncated;
  const rows = [...before.rows, ...after.rows].sort(
    (a, b) => a.time.getTime() - b.time.getTime() || a.batchId - b.batchId || a.line - b.line,
  );
  const { bursts, burstOf } = markProbeBursts(rows.map((r) => ({ time: r.time.getTime(), status: r.status })));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    requests: rows.map((r, i) => ({
      time: r.time.toISOString(),
      method: r.method,
      uri: r.uriStem,
      query: r.uriQuery,
      ip: r.ip,
      userAgent: r.userAgent,
      status: r.status,
      write: isWrite(r.method),
      upload: isUpload(r),
      burst: burstOf[i] ?? null,
    })),
    bursts: bursts.map((b) => ({
      index: b.index,
      start: new Date(b.start).toISOString(),
      end: new Date(b.end).toISOString(),
      count: b.count,
    })),
    truncated,
  };
}

/**
 * Up to `limit` requests nearest the anchor, reading the pieces outwards and stopping once the
 * limit is reached. Index: web_requests_client_ip_time_idx or web_requests_user_agent_time_idx,
 * one short range scan per piece (host and site filter the rows it returns).
 */
async function readNearest(
  p: PivotParams,
  chunks: TimeChunk[],
  order: "ASC" | "DESC",
  limit: number,
): Promise<{ rows: PivotRow[]; truncated: boolean }> {
  const who = attackerCondition(p, 7);
  const rows: PivotRow[] = [];
  for (const c of chunks) {
    const { rows: got } = await getPool().query<PivotRow>(
      `SELECT ${PIVOT_COLUMNS} FROM web_requests
        WHERE ${who.sql} AND time >= $1 AND time <= $2 AND (time > $1 OR $3::boolean) AND host = $4 AND site = $5
        ORDER BY time ${order}, batch_id ${order}, line ${order} LIMIT $6`,
      [c.lo, c.hi, c.loInclusive, p.host, p.site, limit - rows.length + 1, ...who.params],
    );
    rows.push(...got);
    if (rows.length > limit) return { rows: rows.slice(0, limit), truncated: true };
  }
  return { rows, truncated: false };
}
