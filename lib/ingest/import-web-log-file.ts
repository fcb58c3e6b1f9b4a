// Imports one web log file (W3C, gzip or not; W3CIISLog CSV/JSON) into web_requests.
//
// Two streaming passes, memory bounded whatever the file size:
//   1. hash the raw bytes, sniff the format, parse to learn the months present and the line
//      errors; create the months' partitions in short statements of their own;
//   2. parse again and stream rows into one COPY inside one transaction, which also records the
//      batch's counts and updates web_log_sources. An interrupted import leaves nothing: run it
//      again. The same content (sha256) already imported adds nothing.
import { once } from "node:events";
import { basename } from "node:path";
import { stat } from "node:fs/promises";
import { from as copyFrom } from "pg-copy-streams";
import { getPool } from "../db";
import { logger } from "../logger";
import { openInput, peek } from "./open-input";
import { sniffWebLog, WebLogRejected } from "./sniff-web-log";
import { parseWebLog } from "./parse-web-log";
import { ensurePartitions, monthOf } from "./ensure-partitions";
import { COPY_WEB_REQUESTS_SQL, CopyRowWriter } from "./copy-format";
import type { LineError, ParseOptions, WebLogFormat } from "./web-request";

/** Line errors kept per file; the count is always exact. */
export const MAX_STORED_ERRORS = 1000;
const SNIFF_BYTES = 64 * 1024;
const COPY_BUFFER_BYTES = 256 * 1024;

export interface WebLogFileResult {
  batchId: number;
  file: string;
  status: "completed" | "rejected" | "failed";
  format: WebLogFormat | null;
  linesTotal: number;
  imported: number;
  duplicates: number;
  errorCount: number;
  errors: LineError[];
  /** Why the file was rejected or failed, or which batch it duplicates. */
  message: string | null;
}

export interface ImportWebLogFileParams extends Pick<ParseOptions, "host" | "site"> {
  batchId: number;
  path: string;
  /** Name reported in results; defaults to the path's base name. */
  fileName?: string;
  onProgress?: (fraction: number) => void;
}

interface SourceStats {
  host: string;
  site: string;
  requests: number;
  first: number;
  last: number;
}

export async function importWebLogFile(params: ImportWebLogFileParams): Promise<WebLogFileResult> {
  const pool = getPool();
  const { batchId, path } = params;
  const file = params.fileName ?? basename(path);
  const size = (await stat(path)).size;
  const progress = (pass: 0 | 1, rawBytes: number) =>
    params.onProgress?.(Math.min(1, (pass === 0 ? 0 : 0.3) + (pass === 0 ? 0.3 : 0.7) * (size ? rawBytes / size : 1)));
  const parseOpts: ParseOptions = { host: params.host, site: params.site };

  await pool.query(
    `UPDATE import_batches SET status = 'running', started_at = now(), size = $2, message = NULL WHERE id = $1`,
    [batchId, size],
  );

  const finish = async (result: WebLogFileResult) => {
    await pool.query(
      `UPDATE import_batches
          SET status = $2, format = $3, lines_total = $4, imported = $5, duplicates = $6,
              error_count = $7, errors = $8::jsonb, message = $9, progress = 1, finished_at = now()
        WHERE id = $1`,
      [
        batchId, result.status, result.format, result.linesTotal, result.imported, result.duplicates,
        result.errorCount, JSON.stringify(result.errors), result.message,
      ],
    );
    return result;
  };
  const empty = (status: WebLogFileResult["status"], message: string): WebLogFileResult => ({
    batchId, file, status, format: null, linesTotal: 0, imported: 0, duplicates: 0,
    errorCount: 0, errors: [], message,
  });

  try {
    // Pass 1: hash, sniff, months, line errors.
    const first = await openInput(path, { hash: true });
    const { head, all } = await peek(first.stream, SNIFF_BYTES);
    const sniffed = sniffWebLog(head, file);
    if ("rejected" in sniffed) {
      first.stream.destroy();
      return await finish(empty("rejected", sniffed.rejected));
    }
    const format = sniffed.format;
    const months = new Set<string>();
    const errors: LineError[] = [];
    let errorCount = 0;
    let records = 0;
    let linesTotal = 0;
    for await (const chunk of parseWebLog(format, all, parseOpts)) {
      for (const r of chunk.records) months.add(monthOf(r.time));
      records += chunk.records.length;
      errorCount += chunk.errors.length;
      for (const e of chunk.errors) if (errors.length < MAX_STORED_ERRORS) errors.push(e);
      linesTotal = chunk.linesRead;
      progress(0, first.rawBytesRead());
    }
    const sha256 = first.digest();
    await pool.query(`UPDATE import_batches SET sha256 = $2, format = $3, progress = 0.3 WHERE id = $1`, [
      batchId, sha256, format,
    ]);

    const previous = await findCompletedBatch(sha256, batchId);
    if (previous) {
      return await finish({
        ...empty("completed", `already imported as import #${previous.id} (${previous.file_name})`),
        format, linesTotal, duplicates: records,
      });
    }

    await ensurePartitions(pool, months);

    // Pass 2: parse again and COPY, all in one transaction.
    const client = await pool.connect();
    const sources = new Map<string, SourceStats>();
    let imported = 0;
    try {
      await client.query("BEGIN");
      // Two imports of the same content at once: the second waits, then finds the first.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`web-log-import:${sha256}`]);
      const raced = await findCompletedBatch(sha256, batchId, client);
      if (raced) {
        await client.query("ROLLBACK");
        return await finish({
          ...empty("completed", `already imported as import #${raced.id} (${raced.file_name})`),
          format, linesTotal, duplicates: records,
        });
      }
      const second = await openInput(path);
      const copy = client.query(copyFrom(COPY_WEB_REQUESTS_SQL));
      const copyDone = new Promise<void>((resolve, reject) => {
        copy.on("finish", resolve);
        copy.on("error", reject);
      });
      const writer = new CopyRowWriter(batchId);
      let buffer = "";
      for await (const chunk of parseWebLog(format, second.stream, parseOpts)) {
        for (const r of chunk.records) {
          buffer += writer.row(r);
          const key = `${r.host ?? ""}\u0000${r.site ?? ""}`;
          const s = sources.get(key);
          if (s) {
            s.requests++;
            if (r.time < s.first) s.first = r.time;
            if (r.time > s.last) s.last = r.time;
          } else {
            sources.set(key, { host: r.host ?? "", site: r.site ?? "", requests: 1, first: r.time, last: r.time });
          }
          if (buffer.length >= COPY_BUFFER_BYTES) {
            if (!copy.write(buffer)) await once(copy, "drain");
            buffer = "";
          }
        }
        imported += chunk.records.length;
        progress(1, second.rawBytesRead());
      }
      if (buffer) copy.write(buffer);
      copy.end();
      await copyDone;

      for (const s of sources.values()) {
        await client.query(
          `INSERT INTO web_log_sources (host, site, requests, first_time, last_time)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (host, site) DO UPDATE
             SET requests = web_log_sources.requests + EXCLUDED.requests,
                 first_time = LEAST(web_log_sources.first_time, EXCLUDED.first_time),
                 last_time = GREATEST(web_log_sources.last_time, EXCLUDED.last_time)`,
          [s.host, s.site, s.requests, new Date(s.first), new Date(s.last)],
        );
      }
      const result: WebLogFileResult = {
        batchId, file, status: "completed", format, linesTotal, imported, duplicates: 0,
        errorCount, errors, message: null,
      };
      await client.query(
        `UPDATE import_batches
            SET status = 'completed', lines_total = $2, imported = $3, duplicates = 0,
                error_count = $4, errors = $5::jsonb, progress = 1, finished_at = now()
          WHERE id = $1`,
        [batchId, linesTotal, imported, errorCount, JSON.stringify(errors)],
      );
      await client.query("COMMIT");
      return result;
    } catch (err) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // The connection is broken; the transaction dies with it. Report the original error.
        logger.warn("rollback failed", { batchId, error: String(rollbackError) });
      }
      throw err;
    } finally {
      client.release();
    }
  } catch (err) {
    if (err instanceof WebLogRejected) return await finish(empty("rejected", err.message));
    // Nothing was committed; the batch says why, and the caller decides whether to retry.
    const message = err instanceof Error ? err.message : String(err);
    logger.error("web log import failed", { batchId, file, error: message });
    return await finish(empty("failed", `import failed: ${message}`));
  }
}

async function findCompletedBatch(
  sha256: string,
  exceptId: number,
  db: { query: ReturnType<typeof getPool>["query"] } = getPool(),
): Promise<{ id: number; file_name: string } | undefined> {
  const { rows } = await db.query<{ id: number; file_name: string }>(
    `SELECT id, file_name FROM import_batches
      WHERE kind = 'web_log' AND sha256 = $1 AND status = 'completed' AND duplicates = 0 AND id <> $2
      ORDER BY id LIMIT 1`,
    [sha256, exceptId],
  );
  return rows[0];
}
