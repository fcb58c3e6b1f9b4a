// Stores W3CIISLog rows fetched from a workspace in web_requests, beside imported files' rows,
// each fetch one import batch (kind "workspace") so every request still names where it came
// from: the batch's file name says which source, template and range. One transaction per fetch.
// A stretch of a host with no workspace rows yet (a first fetch) is COPYed straight into
// web_requests; otherwise the rows go through a temporary table and INSERT … SELECT keeps only
// those whose (host, time, _ItemId) is not stored yet — a row fetched twice (overlapping
// windows, a retried partial fetch, keyset pages sharing a second) is stored once. Fetches of one source are serialised by an advisory lock so two of them cannot both find
// a row missing. Like the file import this is the COPY path: a pg client with its own BEGIN.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import copyStreams from "pg-copy-streams";
import { getEnv } from "../../env";
import { getImportPool } from "../../db";
import { CopyRowWriter, WEB_REQUEST_COLUMNS } from "../../ingest/copy-format";
import { ensurePartitions, monthOf } from "../../ingest/ensure-partitions";
import type { FetchedRequest } from "./fetched-request";

export interface StoreResult {
  batchId: number;
  fetched: number;
  stored: number;
  duplicates: number;
}

const COLUMNS = WEB_REQUEST_COLUMNS.join(", ");

/** COPY text of the rows, in chunks of about COPY_CHUNK characters (one socket write each). */
const COPY_CHUNK = 256 * 1024;
function* copyChunks(rows: FetchedRequest[], batchId: number, sourceId: number): Generator<string> {
  const writer = new CopyRowWriter(batchId);
  let chunk = "";
  for (const r of rows) {
    // The writer ends each row with "\n"; source_id and item_id follow as two more columns.
    const item =
      r.itemId === null
        ? "\\N"
        : r.itemId.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
    chunk += `${writer.row(r.record).slice(0, -1)}\t${sourceId}\t${item}\n`;
    if (chunk.length >= COPY_CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

export async function storeFetchedRequests(
  sourceId: number,
  label: string,
  fetched: FetchedRequest[],
): Promise<StoreResult> {
  // Oldest first, then by _ItemId: requests of one second keep one order whichever fetch brought them.
  const rows = [...fetched].sort(
    (a, b) => a.record.time - b.record.time || (a.itemId ?? "").localeCompare(b.itemId ?? ""),
  );
  rows.forEach((r, i) => (r.record.line = i + 1));
  if (rows.length === 0) return { batchId: 0, fetched: 0, stored: 0, duplicates: 0 };
  const pool = getImportPool();
  await ensurePartitions(pool, new Set(rows.map((r) => monthOf(r.record.time))), getEnv().IMPORT_MAX_NEW_PARTITIONS);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('shellcase_workspace_fetch'), $1)", [sourceId]);
    const batch = await client.query<{ id: number }>(
      `INSERT INTO import_batches (kind, file_name, status, lines_total, started_at, started_by_label)
       VALUES ('workspace', $1, 'running', $2, now(), 'system:sentinel') RETURNING id`,
      [label.slice(0, 1000), rows.length],
    );
    const batchId = batch.rows[0]!.id;
    // Nothing fetched from a workspace is stored yet in this stretch of these hosts (the usual
    // case: a range fetched for the first time): the rows go straight into web_requests, one of
    // each (host, time, _ItemId). Otherwise through a temporary table, keeping only new rows.
    const hosts = [...new Set(rows.map((r) => r.record.host))];
    const first = new Date(rows[0]!.record.time);
    const last = new Date(rows.at(-1)!.record.time);
    const straight =
      !hosts.includes(null) &&
      !(
        await client.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM web_requests
                           WHERE host = ANY($1) AND time >= $2 AND time <= $3 AND item_id IS NOT NULL) AS found`,
          [hosts, first, last],
        )
      ).rows[0]!.found;
    let inserted: { host: string; site: string; requests: string | number; first: Date; last: Date }[];
    if (straight) {
      const seen = new Set<string>();
      const unique = rows.filter((r) => {
        if (r.itemId === null) return true;
        const k = `${r.record.host}|${r.record.time}|${r.itemId}`;
        return seen.has(k) ? false : (seen.add(k), true);
      });
      await pipeline(
        Readable.from(copyChunks(unique, batchId, sourceId)),
        client.query(copyStreams.from(`COPY web_requests (${COLUMNS}, source_id, item_id) FROM STDIN`)),
      );
      const bySource = new Map<string, (typeof inserted)[number]>();
      for (const r of unique) {
        const host = r.record.host ?? "";
        const site = r.record.site ?? "";
        const k = `${host}\t${site}`;
        const t = new Date(r.record.time);
        const s = bySource.get(k);
        if (!s) bySource.set(k, { host, site, requests: 1, first: t, last: t });
        else {
          s.requests = Number(s.requests) + 1;
          if (t < s.first) s.first = t;
          if (t > s.last) s.last = t;
        }
      }
      inserted = [...bySource.values()];
    } else {
      await client.query(
        `CREATE TEMP TABLE fetched_requests ON COMMIT DROP AS
           SELECT ${COLUMNS}, source_id, item_id FROM web_requests WITH NO DATA`,
      );
      await pipeline(
        Readable.from(copyChunks(rows, batchId, sourceId)),
        client.query(copyStreams.from(`COPY fetched_requests (${COLUMNS}, source_id, item_id) FROM STDIN`)),
      );
      // Only rows not stored yet, once each; their hosts and sites feed web_log_sources as an
      // import's do (host matching and statistics read it, never web_requests).
      inserted = (
        await client.query<{ host: string; site: string; requests: string; first: Date; last: Date }>(
          `WITH fresh AS (
             SELECT DISTINCT ON (f.host, f.time, f.item_id) f.*
               FROM fetched_requests f
              WHERE f.item_id IS NULL OR NOT EXISTS (
                      SELECT 1 FROM web_requests w WHERE w.host = f.host AND w.time = f.time AND w.item_id = f.item_id)
              ORDER BY f.host, f.time, f.item_id, f.line),
           ins AS (
             INSERT INTO web_requests (${COLUMNS}, source_id, item_id)
             SELECT ${COLUMNS}, source_id, item_id FROM fresh
             RETURNING host, site, time)
           SELECT coalesce(host, '') AS host, coalesce(site, '') AS site, count(*) AS requests, min(time) AS first, max(time) AS last
             FROM ins GROUP BY 1, 2`,
        )
      ).rows;
    }
    let stored = 0;
    for (const s of inserted) {
      stored += Number(s.requests);
      await client.query(
        `INSERT INTO web_log_sources (host, site, requests, first_time, last_time)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (host, site) DO UPDATE
           SET requests = web_log_sources.requests + EXCLUDED.requests,
               first_time = LEAST(web_log_sources.first_time, EXCLUDED.first_time),
               last_time = GREATEST(web_log_sources.last_time, EXCLUDED.last_time)`,
        [s.host, s.site, s.requests, s.first, s.last],
      );
    }
    await client.query(
      `UPDATE import_batches SET status = 'completed', imported = $2, duplicates = $3, progress = 1, finished_at = now()
        WHERE id = $1`,
      [batchId, stored, rows.length - stored],
    );
    await client.query(`UPDATE data_sources SET request_rows_fetched = request_rows_fetched + $2 WHERE id = $1`, [
      sourceId,
      rows.length,
    ]);
    await client.query("COMMIT");
    return { batchId, fetched: rows.length, stored, duplicates: rows.length - stored };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
