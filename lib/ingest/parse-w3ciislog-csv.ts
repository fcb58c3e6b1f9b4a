// Parses CSV exports of the Log Analytics W3CIISLog table (portal "Export to CSV", or
// `az monitor log-analytics query … -o tsv|csv` saved by hand) into the same chunks as the W3C
// parser. Also holds the value rules shared with the JSON export parser, so both exports of one
// row give the same record and the same errors.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse, CsvError } from "csv-parse";
import {
  DEFAULT_CHUNK_SIZE,
  INT4_MAX,
  MAX_LINE_BYTES,
  intFieldReason,
  isValidDate,
  normaliseIp,
  parseUnsigned,
  quote,
  utcDayMs,
} from "./parse-w3c";
import { MIN_LOG_TIME, maxLogTime, outOfRangeReason } from "./log-time-range";
import { WebLogRejected, listKeys, w3cIisLogField, type RecordField } from "./sniff-web-log";
import { newRecord, type LineError, type ParseChunk, type ParseOptions, type WebRequestRecord } from "./web-request";

/** Column names as W3CIISLog spells them, for error messages. */
export const COLUMN_LABEL: Record<RecordField, string> = {
  time: "TimeGenerated",
  site: "sSiteName",
  host: "sComputerName",
  serverIp: "sIP",
  method: "csMethod",
  uriStem: "csUriStem",
  uriQuery: "csUriQuery",
  serverPort: "sPort",
  username: "csUserName",
  clientIp: "cIP",
  protocolVersion: "csVersion",
  userAgent: "csUserAgent",
  cookie: "csCookie",
  referer: "csReferer",
  csHost: "csHost",
  status: "scStatus",
  substatus: "scSubStatus",
  win32Status: "scWin32Status",
  bytesSent: "scBytes",
  bytesReceived: "csBytes",
  timeTaken: "TimeTaken",
};

/** A CSV record longer than this aborts the import: csv-parse would otherwise buffer it all. */
const MAX_CSV_RECORD_CHARS = 1024 * 1024;

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// The portal's en-US display format: "5/14/2024, 10:02:13.000 AM".
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AP]M)?$/i;

function fractionMs(digits: string | undefined): number {
  if (!digits) return 0;
  return Number((digits + "00").slice(0, 3));
}

/**
 * TimeGenerated as exported: ISO 8601 ("2024-05-14T10:02:13Z", any number of fractional digits,
 * an offset, or no zone meaning UTC) or the portal's "5/14/2024, 10:02:13.000 AM" (UTC).
 * Returns epoch ms, or NaN.
 */
export function parseW3cIisLogTime(s: string): number {
  const v = s.trim();
  let m = ISO_TIME.exec(v);
  if (m) {
    const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
    const y = Number(ys);
    const mo = Number(mos);
    const d = Number(ds);
    const h = Number(hs);
    const mi = Number(mis);
    const sec = ss ? Number(ss) : 0;
    if (!isValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return NaN;
    let offsetMin = 0;
    if (zone && zone.toUpperCase() !== "Z") {
      const digits = zone.slice(1).replace(":", "");
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (oh > 23 || om > 59) return NaN;
      offsetMin = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
    }
    return utcDayMs(y, mo, d) + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + fractionMs(frac);
  }
  m = US_TIME.exec(v);
  if (m) {
    const [, mos, ds, ys, hs, mis, ss, frac, ampm] = m;
    const y = Number(ys);
    const mo = Number(mos);
    const d = Number(ds);
    let h = Number(hs);
    const mi = Number(mis);
    const sec = ss ? Number(ss) : 0;
    if (ampm) {
      if (h < 1 || h > 12) return NaN;
      h = (h % 12) + (ampm.toUpperCase() === "PM" ? 12 : 0);
    }
    if (!isValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return NaN;
    return utcDayMs(y, mo, d) + ((h * 60 + mi) * 60 + sec) * 1000 + fractionMs(frac);
  }
  return NaN;
}

function intValue(
  r: WebRequestRecord,
  field: "serverPort" | "status" | "substatus" | "win32Status" | "bytesSent" | "bytesReceived" | "timeTaken",
  v: string,
  max: number,
): string | null {
  const x = parseUnsigned(v, max);
  if (x < 0) return intFieldReason(COLUMN_LABEL[field], v, x, max);
  r[field] = x;
  return null;
}

/**
 * Stores one W3CIISLog value (already known not to be empty or "-") in the record, with the
 * same rules as the W3C parser; returns the reason it cannot be stored, or null.
 */
export function setW3cIisLogValue(r: WebRequestRecord, field: RecordField, v: string): string | null {
  // Postgres text cannot hold NUL; COPY would fail the whole file.
  if (v.indexOf("\u0000") !== -1) return `${COLUMN_LABEL[field]} contains a NUL byte`;
  switch (field) {
    case "time": {
      const t = parseW3cIisLogTime(v);
      if (Number.isNaN(t)) return `bad TimeGenerated ${quote(v)}`;
      r.time = t;
      return null;
    }
    case "serverIp":
    case "clientIp": {
      const ip = normaliseIp(v);
      if (ip === null) return `${COLUMN_LABEL[field]} ${quote(v)} is not an IP address`;
      r[field] = ip;
      return null;
    }
    case "serverPort":
    case "status":
    case "substatus":
    case "timeTaken":
      return intValue(r, field, v, INT4_MAX);
    case "win32Status":
    case "bytesSent":
    case "bytesReceived":
      return intValue(r, field, v, Number.MAX_SAFE_INTEGER);
    default:
      r[field] = v;
      return null;
  }
}

/** Last checks once every value is in; fills host and site from the options. */
export function finishRecord(
  r: WebRequestRecord,
  host: string | null,
  site: string | null,
  maxTime: number,
): string | null {
  if (Number.isNaN(r.time)) return "TimeGenerated is empty";
  if (r.time < MIN_LOG_TIME || r.time > maxTime) return outOfRangeReason(r.time, maxTime);
  if (r.host === null) r.host = host;
  if (r.site === null) r.site = site;
  return null;
}

/** Collects records and errors into chunks of opts.chunkSize, as the W3C parser does. */
export class ChunkCollector {
  private records: WebRequestRecord[] = [];
  private errors: LineError[] = [];
  private readonly ready: ParseChunk[] = [];
  private readonly size: number;
  private yielded = false;
  private yieldedLines = -1;
  private yieldedBytes = -1;
  linesRead = 0;
  bytesRead = 0;

  constructor(opts: ParseOptions) {
    this.size = opts.chunkSize && opts.chunkSize > 0 ? opts.chunkSize : DEFAULT_CHUNK_SIZE;
  }

  record(r: WebRequestRecord): void {
    this.records.push(r);
    if (this.records.length + this.errors.length >= this.size) this.flush();
  }

  error(line: number, reason: string): void {
    this.errors.push({ line, reason });
    if (this.records.length + this.errors.length >= this.size) this.flush();
  }

  private flush(): void {
    this.ready.push({
      records: this.records,
      errors: this.errors,
      linesRead: this.linesRead,
      bytesRead: this.bytesRead,
    });
    this.records = [];
    this.errors = [];
    this.yielded = true;
    this.yieldedLines = this.linesRead;
    this.yieldedBytes = this.bytesRead;
  }

  /** Queues the last chunk if it holds anything, or the counts moved, or nothing was sent yet. */
  finish(): void {
    if (
      !this.yielded ||
      this.records.length > 0 ||
      this.errors.length > 0 ||
      this.yieldedLines !== this.linesRead ||
      this.yieldedBytes !== this.bytesRead
    ) {
      this.flush();
    }
  }

  /** Chunks ready to be yielded (and forgets them). */
  take(): ParseChunk[] {
    return this.ready.splice(0, this.ready.length);
  }
}

function countChar(values: string[], ch: string): number {
  let n = 0;
  for (const v of values) {
    for (let i = v.indexOf(ch); i !== -1; i = v.indexOf(ch, i + 1)) n++;
  }
  return n;
}

/**
 * Parses a CSV export of W3CIISLog. The header row must name TimeGenerated (or
 * "TimeGenerated [UTC]") and csUriStem or cIP, otherwise WebLogRejected is thrown before
 * anything is yielded; other columns are ignored.
 */
export async function* parseW3cIisLogCsv(
  input: AsyncIterable<Buffer | string>,
  opts: ParseOptions = {},
): AsyncGenerator<ParseChunk> {
  const out = new ChunkCollector(opts);
  const host = opts.host || null;
  const site = opts.site || null;
  const maxTime = opts.maxTime ?? maxLogTime();
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const piece of input) {
      const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
      out.bytesRead += buf.length;
      yield buf;
    }
  }
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  // The loop below reads the parser; errors on either side reach it through the parser.
  pipeline(Readable.from(counted()), parser).catch(() => {});

  let fields: (RecordField | null)[] | null = null;
  let headerLine = 0;
  let carriageReturns = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      // csv-parse reports the line a record ends on, and counts every \r inside quotes as a
      // line of its own; line numbers here count "\n" only, as the W3C parser (and editors) do.
      carriageReturns += countChar(record, "\r");
      const endLine = info.lines - carriageReturns;
      const line = endLine - countChar(record, "\n");
      out.linesRead = endLine;
      if (fields === null) {
        fields = record.map(w3cIisLogField);
        headerLine = line;
        const names = record.map((c) => c.trim());
        if (!fields.includes("time")) {
          throw new WebLogRejected(
            `CSV header has no TimeGenerated column, so this is not a W3CIISLog export (columns: ${listKeys(names)})`,
          );
        }
        if (!fields.includes("uriStem") && !fields.includes("clientIp")) {
          throw new WebLogRejected(
            `CSV header has neither csUriStem nor cIP, so this is not a W3CIISLog export (columns: ${listKeys(names)})`,
          );
        }
        continue;
      }
      if (record.length !== fields.length) {
        out.error(
          line,
          `expected ${fields.length} columns (per the header on line ${headerLine}), found ${record.length}`,
        );
        continue;
      }
      let chars = 0;
      for (const v of record) chars += v.length;
      if (chars > MAX_LINE_BYTES / 3 && Buffer.byteLength(record.join("")) > MAX_LINE_BYTES) {
        out.error(line, `line is over ${MAX_LINE_BYTES} bytes`);
        continue;
      }
      const r = newRecord(line);
      let reason: string | null = null;
      for (let i = 0; i < fields.length && reason === null; i++) {
        const field = fields[i];
        const v = record[i];
        if (field == null || v === undefined || v === "" || v === "-") continue;
        reason = setW3cIisLogValue(r, field, v);
      }
      reason ??= finishRecord(r, host, site, maxTime);
      if (reason === null) out.record(r);
      else out.error(line, reason);
      const ready = out.take();
      for (const chunk of ready) yield chunk;
    }
  } catch (err) {
    if (err instanceof CsvError) {
      // csv-parse holds a record whole, so one over the cap cannot be skipped without memory growth.
      const line = (err as CsvError & { lines?: number }).lines;
      const code = err.code === "CSV_MAX_RECORD_SIZE" ? `the record on line ${line ?? "?"} is over 1 MiB` : err.message;
      throw new WebLogRejected(`CSV cannot be parsed: ${code}`);
    }
    throw err;
  } finally {
    // A consumer that stops early must not leave the file open.
    parser.destroy();
  }
  if (fields === null) throw new WebLogRejected("CSV has no header row");
  out.finish();
  for (const chunk of out.take()) yield chunk;
}
