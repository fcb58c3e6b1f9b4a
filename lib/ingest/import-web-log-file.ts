// Imports one web log file (W3C, gzip or not; W3CIISLog CSV/JSON) into web_requests.
//
// Two streaming passes, memory bounded whatever the file size:
//   1. hash the raw bytes, sniff the format and find the months present (a byte scan for W3C,
//      a parse for the smaller CSV/JSON exports); create those months' partitions in short
//      statements of their own;
//   2. parse and stream rows into COPY inside one transaction, which also records the batch's
//      counts and line errors and updates web_log_sources. An interrupted import leaves nothing:
//      run it again. Content already imported (same sha256) adds nothing, and a W3C log that
//      grew since an earlier import of it (same name, starting with exactly that import's bytes)
//      adds only its new lines.
// Hostile input is bounded (docs/ingestion.md, "Bounds on hostile input"): a gzip bomb, or a file
// needing more than IMPORT_MAX_NEW_PARTITIONS new months, is rejected before pass 2 stores anything.
import { once } from "node:events";
import { basename } from "node:path";
import { stat } from "node:fs/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { getImportPool } from "../db";
import { importNoticeInsertSql, importNoticeParams } from "../notifications/import-notices";
import { logger } from "../logger";
import { getEnv } from "../env";
import { InputTooLarge, isGzipFile, openInput, peek } from "../open-input";
import { PrefixHasher, type PrefixCandidate } from "./prefix-hasher";
import { sniffWebLog, WebLogRejected } from "./sniff-web-log";
import { parseWebLog } from "./parse-web-log";
import { ensurePartitions, monthOf } from "./ensure-partitions";
import { maxLogTime } from "./log-time-range";
import { W3cMonthScanner } from "./scan-w3c-months";
import { COPY_WEB_REQUESTS_SQL, CopyRowWriter } from "./copy-format";
import { requestEnrichmentForLogs } from "../enrich/request-enrichment";
import type { LineError, ParseOptions, WebLogFormat } from "./web-request";

/** Line errors kept per file; the count is always exact. */
export const MAX_STORED_ERRORS = 1000;
const SNIFF_BYTES = 64 * 1024;
const COPY_BUFFER_BYTES = 256 * 1024;
/** Share of the progress bar given to pass 1 (it reads the file without parsing W3C lines). */
const PASS1_SHARE = 0.15;

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
  /** Why the file was rejected or failed, or which import it duplicates. */
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

type Queryable = Pick<pg.Pool, "query">;

export async function importWebLogFile(params: ImportWebLogFileParams): Promise<WebLogFileResult> {
  const pool = getImportPool();
  const { batchId, path } = params;
  const file = params.fileName ?? basename(path);
  const size = (await stat(path)).size;
  const progress = (pass: 0 | 1, rawBytes: number) => {
    const done = size ? Math.min(1, rawBytes / size) : 1;
    params.onProgress?.(pass === 0 ? PASS1_SHARE * done : PASS1_SHARE + (1 - PASS1_SHARE) * done);
  };
  // One bound for both passes, so the months scanned are the months parsed.
  const parseOpts: ParseOptions = { host: params.host, site: params.site, maxTime: maxLogTime() };
  const maxNewPartitions = getEnv().IMPORT_MAX_NEW_PARTITIONS;
  const result: WebLogFileResult = {
    batchId,
    file,
    status: "completed",
    format: null,
    linesTotal: 0,
    imported: 0,
    duplicates: 0,
    errorCount: 0,
    errors: [],
    message: null,
  };
  const t0 = performance.now();

  await pool.query(
    `UPDATE import_batches SET status = 'running', started_at = now(), size = $2, message = NULL WHERE id = $1`,
    [batchId, size],
  );

  try {
    // Pass 1: hash, sniff, months, and whether the file begins with an earlier import's bytes.
    const prefixes = (await isGzipFile(path))
      ? null
      : new PrefixHasher(await findPrefixCandidates(pool, file, size, batchId, parseOpts));
    const first = await openInput(path, {
      hash: true,
      name: file,
      onRawChunk: prefixes ? (c) => prefixes.update(c) : undefined,
    });
    const { head, all } = await peek(first.stream, SNIFF_BYTES);
    const sniffed = sniffWebLog(head, file);
    if ("rejected" in sniffed) {
      first.stream.destroy();
      return await finish(pool, { ...result, status: "rejected", message: sniffed.rejected });
    }
    result.format = sniffed.format;
    let months: Set<string>;
    if (sniffed.format === "w3c") {
      const scanner = new W3cMonthScanner(parseOpts.maxTime);
      for await (const chunk of all) {
        scanner.push(chunk);
        progress(0, first.rawBytesRead());
      }
      scanner.end();
      months = scanner.months;
    } else {
      months = new Set();
      for await (const chunk of parseWebLog(sniffed.format, all, parseOpts)) {
        for (const r of chunk.records) months.add(monthOf(r.time));
        progress(0, first.rawBytesRead());
      }
    }
    const sha256 = first.digest();
    logger.debug("import pass 1 done", { batchId, ms: Math.round(performance.now() - t0), months: [...months] });
    await pool.query(`UPDATE import_batches SET sha256 = $2, format = $3 WHERE id = $1`, [
      batchId,
      sha256,
      result.format,
    ]);

    const previous = await findCompletedBatch(pool, sha256, batchId);
    if (previous) return await finish(pool, duplicateOf(result, previous));
    // Lines 1..skipLines are stored already, by the import this file continues (W3C only: an
    // export's rows are not lines of a growing file).
    const grown = result.format === "w3c" ? (prefixes?.match ?? null) : null;
    const skipLines = grown?.lines ?? 0;
    const created = await ensurePartitions(pool, months, maxNewPartitions);

    // Pass 2: parse and COPY, in one transaction.
    const client = await pool.connect();
    let copy: CopySession | undefined;
    try {
      await client.query("BEGIN");
      // Two imports of the same content at once: the second waits, then finds the first.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`web-log-import:${sha256}`]);
      // A second run of this very batch (its job's lock lapsed while the first run was alive)
      // finds the first one's commit here, and adds nothing.
      const self = await client.query<{ status: string }>("SELECT status FROM import_batches WHERE id = $1", [batchId]);
      if (self.rows[0]?.status === "completed") {
        await client.query("ROLLBACK");
        return { ...result, status: "completed", message: "already imported by another run of this import" };
      }
      const raced = await findCompletedBatch(client, sha256, batchId);
      if (raced) {
        await client.query("ROLLBACK");
        return await finish(pool, duplicateOf(result, raced));
      }
      const second = await openInput(path, { name: file });
      copy = new CopySession(client);
      const partitions = new PartitionGuard(months, maxNewPartitions, created);
      const writer = new CopyRowWriter(batchId);
      const sources = new Map<string, SourceStats>();
      for await (const chunk of parseWebLog(result.format, second.stream, parseOpts)) {
        // Parsed all the same: directives in the stored part still define the new lines' fields.
        const stored = skipLines ? chunk.records.filter((r) => r.line <= skipLines).length : 0;
        const records = stored ? chunk.records.filter((r) => r.line > skipLines) : chunk.records;
        const errors = skipLines ? chunk.errors.filter((e) => e.line > skipLines) : chunk.errors;
        result.duplicates += stored;
        for (const r of records) {
          const missing = partitions.missingMonth(r.time);
          if (missing) {
            // The scan missed this month (an unusual layout): create its partition here. This
            // holds the parent's lock until commit, so it is the exception, not the rule.
            await copy.restartAfter(() =>
              client.query("SELECT shellcase_ensure_web_requests_partition($1::date)", [`${missing}-01`]),
            );
            logger.info("partition created inside the import", { batchId, month: missing });
          }
          if (copy.push(writer.row(r))) await copy.flush();
          const key = r.host === null && r.site === null ? "" : `${r.host ?? ""}\u0000${r.site ?? ""}`;
          const s = sources.get(key);
          if (s) {
            s.requests++;
            if (r.time < s.first) s.first = r.time;
            else if (r.time > s.last) s.last = r.time;
          } else {
            sources.set(key, { host: r.host ?? "", site: r.site ?? "", requests: 1, first: r.time, last: r.time });
          }
        }
        result.imported += records.length;
        result.errorCount += errors.length;
        for (const e of errors) if (result.errors.length < MAX_STORED_ERRORS) result.errors.push(e);
        result.linesTotal = chunk.linesRead;
        progress(1, second.rawBytesRead());
      }
      logger.debug("import pass 2 parsed", { batchId, ms: Math.round(performance.now() - t0) });
      await copy.end();
      copy = undefined;

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
      if (grown) {
        result.message = `continues import #${grown.batchId} (${grown.fileName}): its first ${grown.lines} line(s) were imported then, only the lines after them now`;
      }
      await finish(client, result);
      await client.query("COMMIT");
      logger.debug("import committed", { batchId, ms: Math.round(performance.now() - t0), imported: result.imported });
      await analyzeIfLarge(result.imported, partitions.touched());
      await reEnrichAfterLogs(batchId, sources);
      return result;
    } catch (err) {
      try {
        // A COPY in flight owns the connection: fail it (CopyFail) before rolling back.
        await copy?.abort(err);
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
    if (err instanceof WebLogRejected || err instanceof InputTooLarge) {
      return await finish(pool, {
        ...result,
        status: "rejected",
        imported: 0,
        errorCount: 0,
        errors: [],
        linesTotal: 0,
        message: err.message,
      });
    }
    // Nothing was committed; the batch says why, and the caller decides whether to retry.
    const message = err instanceof Error ? err.message : String(err);
    logger.error("web log import failed", { batchId, file, error: message });
    return await finish(pool, {
      ...result,
      status: "failed",
      imported: 0,
      errorCount: 0,
      errors: [],
      linesTotal: 0,
      message: `import failed: ${message}`,
    });
  }
}

/** Rows after which an import refreshes the planner's statistics of the partitions it wrote. */
const ANALYZE_AFTER_ROWS = 50_000;

/**
 * A large import into fresh partitions leaves the planner believing they are empty until
 * autovacuum gets round to them, and it then picks scans that take seconds instead of index
 * lookups that take milliseconds (seen at 10M requests). ANALYZE samples ~30k rows a partition.
 */
async function analyzeIfLarge(imported: number, months: string[]): Promise<void> {
  if (imported < ANALYZE_AFTER_ROWS) return;
  // The function runs as the tables' owner: the app's role may not ANALYZE (docs: roles).
  const pool = getImportPool();
  for (const month of months) {
    await pool.query("SELECT shellcase_analyze_web_requests_partition($1::date)", [`${month}-01`]);
  }
}

/** Logs often arrive after their alerts: enrich those alerts again. Never fails the import. */
async function reEnrichAfterLogs(batchId: number, sources: Map<string, SourceStats>): Promise<void> {
  try {
    await requestEnrichmentForLogs(
      [...sources.values()].map((s) => ({ host: s.host, first: new Date(s.first), last: new Date(s.last) })),
    );
  } catch (err) {
    logger.warn("alerts not re-enriched after import", {
      batchId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

/**
 * Writes the batch's outcome and, in the same statement, the notice to whoever started it
 * (lib/notifications/import-notices.ts); runImportBatch announces it once all is committed.
 */
async function finish(db: Queryable, r: WebLogFileResult): Promise<WebLogFileResult> {
  await db.query(
    `WITH b AS (
       UPDATE import_batches
          SET status = $2, format = $3, lines_total = $4, imported = $5, duplicates = $6,
              error_count = $7, errors = $8::jsonb, message = $9, progress = 1, finished_at = now()
        WHERE id = $1
       RETURNING id, started_by_id)
     ${importNoticeInsertSql(10)}`,
    [
      r.batchId,
      r.status,
      r.format,
      r.linesTotal,
      r.imported,
      r.duplicates,
      r.errorCount,
      JSON.stringify(r.errors),
      r.message,
      ...importNoticeParams({ ...r, fileName: r.file }),
    ],
  );
  return r;
}

function duplicateOf(r: WebLogFileResult, previous: CompletedBatch): WebLogFileResult {
  return {
    ...r,
    linesTotal: previous.lines_total,
    duplicates: previous.imported,
    message: `already imported as import #${previous.id} (${previous.file_name})`,
  };
}

/**
 * Earlier completed W3C imports of a file of this name, given the same host and site, that are
 * smaller than this one: the imports this file may have grown from. Index: none needed (import_batches is small).
 */
async function findPrefixCandidates(
  db: Queryable,
  file: string,
  size: number,
  exceptId: number,
  given: { host?: string; site?: string },
): Promise<PrefixCandidate[]> {
  const { rows } = await db.query<{ id: number; file_name: string; size: string; sha256: string }>(
    `SELECT id, file_name, size::text, sha256 FROM import_batches
      WHERE kind = 'web_log' AND status = 'completed' AND format = 'w3c' AND id <> $3
        AND sha256 IS NOT NULL AND size > 0 AND size < $2
        AND substring(file_name from '[^/\\\\]+$') = substring($1 from '[^/\\\\]+$')
        AND NULLIF(host_given, '') IS NOT DISTINCT FROM $4 AND NULLIF(site_given, '') IS NOT DISTINCT FROM $5
      ORDER BY size DESC LIMIT 50`,
    [file, size, exceptId, given.host || null, given.site || null],
  );
  return rows.map((r) => ({ batchId: r.id, fileName: r.file_name, size: Number(r.size), sha256: r.sha256 }));
}

interface CompletedBatch {
  id: number;
  file_name: string;
  imported: number;
  lines_total: number;
}

async function findCompletedBatch(
  db: Queryable,
  sha256: string,
  exceptId: number,
): Promise<CompletedBatch | undefined> {
  // The first completed import of this content is the one that holds its rows.
  const { rows } = await db.query<CompletedBatch>(
    `SELECT id, file_name, imported, lines_total FROM import_batches
      WHERE kind = 'web_log' AND sha256 = $1 AND status = 'completed' AND duplicates = 0 AND id <> $2
      ORDER BY id LIMIT 1`,
    [sha256, exceptId],
  );
  return rows[0];
}

/** Tracks which months have a partition, checking a record's time without formatting it. */
class PartitionGuard {
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  private readonly seen = new Set<string>();

  /** Partitions this import may still create: IMPORT_MAX_NEW_PARTITIONS less pass 1's. */
  private budget: number;

  constructor(
    private readonly months: Set<string>,
    private readonly maxNew: number,
    createdBefore: number,
  ) {
    this.budget = maxNew - createdBefore;
  }

  /** Months the parsed records fell in. */
  touched(): string[] {
    return [...this.seen];
  }

  /** The record's month when it has no partition yet (and records it as having one now). */
  missingMonth(time: number): string | null {
    if (time >= this.start && time < this.end) return null;
    const month = monthOf(time);
    this.seen.add(month);
    const d = new Date(time);
    this.start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    this.end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    if (this.months.has(month)) return null;
    if (this.budget <= 0) {
      throw new WebLogRejected(
        `lines fall in more than ${this.maxNew} months that had no partition (IMPORT_MAX_NEW_PARTITIONS), ${month} among them; split the file or raise the limit`,
      );
    }
    this.budget--;
    this.months.add(month);
    return month;
  }
}

/** One COPY … FROM STDIN on a client, buffered, with backpressure; restartable between rows. */
class CopySession {
  private stream!: ReturnType<typeof copyFrom>;
  private done!: Promise<void>;
  private buffer = "";

  constructor(private readonly client: pg.PoolClient) {
    this.open();
  }

  private open(): void {
    const stream = this.client.query(copyFrom(COPY_WEB_REQUESTS_SQL));
    this.stream = stream;
    this.done = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
  }

  /** Buffers a row; true when the buffer is full and should be flushed (kept synchronous: hot path). */
  push(row: string): boolean {
    this.buffer += row;
    return this.buffer.length >= COPY_BUFFER_BYTES;
  }

  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async end(): Promise<void> {
    if (this.buffer) this.stream.write(this.buffer);
    this.buffer = "";
    this.stream.end();
    await this.done;
  }

  /** Ends the current COPY, runs `between` on the same connection, and starts a new COPY. */
  async restartAfter(between: () => Promise<unknown>): Promise<void> {
    await this.end();
    await between();
    this.open();
  }

  async abort(reason: unknown): Promise<void> {
    this.stream.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    // The server answers CopyFail with an error, which is the expected outcome here.
    await this.done.catch(() => undefined);
  }
}
