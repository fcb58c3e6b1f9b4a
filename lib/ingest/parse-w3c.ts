// Streaming parser for IIS W3C extended log files (u_exYYMMDD.log). It feeds a bulk COPY of
// millions of lines, so the per-line path avoids regexes, promises and per-field closures: input
// is split on bytes, decoded a block of whole lines at a time, and each line is mapped through a
// per-#Fields table of small integer field kinds.
import { isAscii, isUtf8 } from "node:buffer";
import { isIP } from "node:net";
import { MIN_LOG_TIME, maxLogTime, outOfRangeReason } from "./log-time-range";
import { newRecord, type LineError, type ParseChunk, type ParseOptions, type WebRequestRecord } from "./web-request";

/** Longest line (in bytes, without its line break) that is imported. */
export const MAX_LINE_BYTES = 65536;
/** Largest value of a Postgres integer column. */
export const INT4_MAX = 2147483647;
export const DEFAULT_CHUNK_SIZE = 5000;
const MAX_REMEMBERED_BLOCKS = 16;

// Field kinds: the index into a block's kind table says what a value is for.
const K_IGNORE = 0;
const K_DATE = 1;
const K_TIME = 2;
const K_SITE = 3;
const K_HOST = 4;
const K_SERVER_IP = 5;
const K_METHOD = 6;
const K_URI_STEM = 7;
const K_URI_QUERY = 8;
const K_SERVER_PORT = 9;
const K_USERNAME = 10;
const K_CLIENT_IP = 11;
const K_PROTOCOL_VERSION = 12;
const K_USER_AGENT = 13;
const K_COOKIE = 14;
const K_REFERER = 15;
const K_CS_HOST = 16;
const K_STATUS = 17;
const K_SUBSTATUS = 18;
const K_WIN32_STATUS = 19;
const K_BYTES_SENT = 20;
const K_BYTES_RECEIVED = 21;
const K_TIME_TAKEN = 22;

// Keys are lower-case: IIS writes "cs(User-Agent)" but other writers vary the case.
const FIELD_KINDS = new Map<string, number>([
  ["date", K_DATE],
  ["time", K_TIME],
  ["s-sitename", K_SITE],
  ["s-computername", K_HOST],
  ["s-ip", K_SERVER_IP],
  ["cs-method", K_METHOD],
  ["cs-uri-stem", K_URI_STEM],
  ["cs-uri-query", K_URI_QUERY],
  ["s-port", K_SERVER_PORT],
  ["cs-username", K_USERNAME],
  ["c-ip", K_CLIENT_IP],
  ["cs-version", K_PROTOCOL_VERSION],
  ["cs(user-agent)", K_USER_AGENT],
  ["cs(cookie)", K_COOKIE],
  ["cs(referer)", K_REFERER],
  ["cs-host", K_CS_HOST],
  ["sc-status", K_STATUS],
  ["sc-substatus", K_SUBSTATUS],
  ["sc-win32-status", K_WIN32_STATUS],
  ["sc-bytes", K_BYTES_SENT],
  ["cs-bytes", K_BYTES_RECEIVED],
  ["time-taken", K_TIME_TAKEN],
]);

/** Result codes of {@link parseUnsigned} (valid results are >= 0). */
export const NOT_AN_INTEGER = -1;
export const OUT_OF_RANGE = -2;

/**
 * Parses a non-negative decimal integer up to `max` (at most Number.MAX_SAFE_INTEGER);
 * returns NOT_AN_INTEGER or OUT_OF_RANGE instead of throwing, to keep the hot path cheap.
 */
export function parseUnsigned(s: string, max: number): number {
  const len = s.length;
  if (len === 0) return NOT_AN_INTEGER;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NOT_AN_INTEGER;
    n = n * 10 + c;
  }
  // 17+ digits can exceed 2^53 and round; anything that long is out of range anyway.
  if (len > 16 || n > max) return OUT_OF_RANGE;
  return n;
}

export function intFieldReason(field: string, value: string, code: number, max: number): string {
  return code === NOT_AN_INTEGER
    ? `${field} ${quote(value)} is not an integer`
    : `${field} ${quote(value)} is out of range (0..${max})`;
}

/** Keeps a bad value readable (and short) inside an error message. */
export function quote(value: string): string {
  const s = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(s);
}

// Dotted quad as node:net accepts it (no leading zeros), checked in place: nearly every line has
// two IPv4 addresses and isIP's regex costs more than this loop.
function isIpv4At(s: string, a: number, b: number): boolean {
  const len = b - a;
  if (len < 7 || len > 15) return false;
  let dots = 0;
  let digits = 0;
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return false;
      dots++;
      digits = 0;
      n = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && n === 0) return false;
      n = n * 10 + (c - 48);
      if (++digits > 3 || n > 255) return false;
    } else {
      return false;
    }
  }
  return dots === 3 && digits > 0;
}

/**
 * Returns the address as it should be stored, or null if it is not an IP address. An IPv6 zone
 * ("fe80::1%12") is dropped: Postgres inet rejects it, and it only names the server's interface.
 */
export function normaliseIp(s: string): string | null {
  if (isIpv4At(s, 0, s.length)) return s;
  if (s.indexOf(":") === -1 || isIP(s) === 0) return null;
  const zone = s.indexOf("%");
  return zone === -1 ? s : s.slice(0, zone);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Epoch ms of midnight UTC of a calendar date (callers validate it first). */
export function utcDayMs(y: number, m: number, d: number): number {
  // Days from civil (H. Hinnant): exact for the proleptic Gregorian calendar, no Date object.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * 86400000;
}

/** True if y-m-d is a real date in years 1..9999 (what Postgres timestamptz round-trips). */
export function isValidDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const dim = m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number);
  return d <= dim;
}

function digit2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/** "YYYY-MM-DD" → epoch ms of that midnight UTC, or NaN (dates before 1970 are negative). */
export function parseW3cDate(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y1 = digit2(s, 0);
  const y2 = digit2(s, 2);
  const m = digit2(s, 5);
  const d = digit2(s, 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return NaN;
  const y = y1 * 100 + y2;
  return isValidDate(y, m, d) ? utcDayMs(y, m, d) : NaN;
}

/** s[a, b) as "HH:MM:SS" with optional ".fff…" → ms since midnight, or -1. */
function parseW3cTimeAt(s: string, a: number, b: number): number {
  const len = b - a;
  if (len < 8 || s.charCodeAt(a + 2) !== 58 || s.charCodeAt(a + 5) !== 58) return -1;
  const h = digit2(s, a);
  const mi = digit2(s, a + 3);
  const sec = digit2(s, a + 6);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return -1;
  let ms = 0;
  if (len > 8) {
    if (s.charCodeAt(a + 8) !== 46 || len === 9) return -1;
    let scale = 100;
    for (let i = a + 9; i < b; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      ms += c * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  return ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

/** End of the value starting at a: the next space, or the end of the line. */
function fieldEnd(text: string, a: number, end: number): number {
  const b = text.indexOf(" ", a);
  return b === -1 || b > end ? end : b;
}

/** text.startsWith(s, a), which is a builtin call that costs more than this loop on short s. */
function sameAt(text: string, a: number, s: string): boolean {
  const n = s.length;
  for (let k = 0; k < n; k++) if (text.charCodeAt(a + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** True if a value ending at b would end exactly there (at a space or the end of the line). */
function endsAt(text: string, b: number, end: number): boolean {
  return b === end || (b < end && text.charCodeAt(b) === 32);
}

// Where the value read by the last scanUnsigned/scanIpv4 call ended (a second return value).
let scanEnd = 0;

/** {@link parseUnsigned} of the value starting at a, finding its end on the way. */
function scanUnsigned(text: string, a: number, end: number, max: number): number {
  let n = 0;
  let i = a;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) break;
    const d = c - 48;
    if (d < 0 || d > 9) {
      scanEnd = fieldEnd(text, i, end);
      return NOT_AN_INTEGER;
    }
    n = n * 10 + d;
  }
  scanEnd = i;
  if (i === a) return NOT_AN_INTEGER;
  if (i - a > 16 || n > max) return OUT_OF_RANGE;
  return n;
}

/** True if the value starting at a is a dotted quad; scanEnd is its end either way. */
function scanIpv4(text: string, a: number, end: number): boolean {
  // One pass: check the quad while looking for the value's end (the same rules as isIpv4At).
  let dots = 0;
  let digits = 0;
  let n = 0;
  let ok = true;
  let i = a;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) break;
    if (c === 46) {
      if (digits === 0) ok = false;
      dots++;
      digits = 0;
      n = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && n === 0) ok = false;
      n = n * 10 + (c - 48);
      if (++digits > 3 || n > 255) ok = false;
    } else {
      scanEnd = fieldEnd(text, i, end);
      return false;
    }
  }
  scanEnd = i;
  return ok && dots === 3 && digits > 0;
}

/** One #Fields block: what each position of a data line means. */
interface FieldBlock {
  names: string[];
  kinds: Uint8Array;
  /** Line of the #Fields directive, for error messages. */
  line: number;
  hasDate: boolean;
  hasTime: boolean;
}

/**
 * Line-at-a-time state machine. Kept as a class with plain methods (not generator code) so the
 * per-line path is ordinary, well-optimised JS; finished chunks are queued for the generator.
 */
class W3cLineParser {
  private block: FieldBlock | null = null;
  /** Distinct #Fields layouts seen so far, oldest first. */
  private readonly blocks: FieldBlock[] = [];
  /** Set while a line is tried against an earlier layout: errors then only mark the try failed. */
  private trying = false;
  private tryFailed = false;
  /** Date from the latest #Date directive, for blocks without a date field (old IIS). */
  private directiveDayMs = NaN;
  private lastDate = "";
  private lastDateMs = NaN;
  private lastServerIp = "";
  private records: WebRequestRecord[] = [];
  private errors: LineError[] = [];
  readonly ready: ParseChunk[] = [];
  lineNo = 0;
  bytesRead = 0;
  private yieldedLines = -1;
  private yieldedBytes = -1;
  private readonly host: string | null;
  private readonly site: string | null;
  private readonly chunkSize: number;
  private readonly maxTime: number;

  constructor(opts: ParseOptions) {
    this.maxTime = opts.maxTime ?? maxLogTime();
    this.host = opts.host || null;
    this.site = opts.site || null;
    this.chunkSize = opts.chunkSize && opts.chunkSize > 0 ? opts.chunkSize : DEFAULT_CHUNK_SIZE;
  }

  error(line: number, reason: string): void {
    if (this.trying) {
      this.tryFailed = true;
      return;
    }
    this.errors.push({ line, reason });
    if (this.records.length + this.errors.length >= this.chunkSize) this.flush();
  }

  flush(): void {
    this.ready.push({
      records: this.records,
      errors: this.errors,
      linesRead: this.lineNo,
      bytesRead: this.bytesRead,
    });
    this.records = [];
    this.errors = [];
    this.yieldedLines = this.lineNo;
    this.yieldedBytes = this.bytesRead;
  }

  /** The last chunk: always sent if it holds anything or the counts moved since the last one. */
  finish(): void {
    if (
      this.records.length > 0 ||
      this.errors.length > 0 ||
      this.yieldedLines !== this.lineNo ||
      this.yieldedBytes !== this.bytesRead
    ) {
      this.flush();
    }
  }

  /** Whole lines, each ending in "\n" except possibly the file's last. */
  feedLines(buf: Buffer): void {
    // NUL and invalid UTF-8 are rare: check the whole block natively, and only look line by
    // line (on the bytes) when the block has either. U+FFFD may also be a real, valid character.
    if (buf.indexOf(0) !== -1) {
      this.checkedBlock(buf);
      return;
    }
    let text: string;
    if (isAscii(buf)) {
      // Logs are nearly always ASCII, and latin1 decoding is several times faster than UTF-8.
      text = buf.toString("latin1");
    } else {
      text = buf.toString("utf8");
      if (text.indexOf("\uFFFD") !== -1) {
        this.checkedBlock(buf);
        return;
      }
    }
    const len = text.length;
    let start = 0;
    while (start < len) {
      let nl = text.indexOf("\n", start);
      if (nl === -1) nl = len;
      this.line(text, start, nl);
      start = nl + 1;
    }
  }

  private checkedBlock(buf: Buffer): void {
    const len = buf.length;
    let start = 0;
    while (start < len) {
      let nl = buf.indexOf(10, start);
      if (nl === -1) nl = len;
      const bytes = buf.subarray(start, nl);
      if (bytes.indexOf(0) !== -1) {
        this.lineNo++;
        this.error(this.lineNo, "line contains a NUL byte");
      } else if (!isUtf8(bytes)) {
        this.lineNo++;
        this.error(this.lineNo, "line is not valid UTF-8");
      } else {
        const text = bytes.toString("utf8");
        this.line(text, 0, text.length);
      }
      start = nl + 1;
    }
  }

  overlongLine(): void {
    this.lineNo++;
    this.error(this.lineNo, `line is over ${MAX_LINE_BYTES} bytes`);
  }

  /** text[start, end) is one line without its "\n". */
  private line(text: string, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (lineNo === 1 && text.charCodeAt(start) === 0xfeff) start++;
    if (end === start) return;
    const chars = end - start;
    // A UTF-16 unit is 1 to 3 UTF-8 bytes, so only long lines need their byte length measured.
    if (chars > MAX_LINE_BYTES / 3) {
      if (chars > MAX_LINE_BYTES || Buffer.byteLength(text.slice(start, end)) > MAX_LINE_BYTES) {
        this.error(lineNo, `line is over ${MAX_LINE_BYTES} bytes`);
        return;
      }
    }
    if (text.charCodeAt(start) === 35) {
      this.directive(text.slice(start, end), lineNo);
      return;
    }
    const block = this.block;
    if (block === null) {
      this.error(lineNo, "data line before any #Fields directive");
      return;
    }
    this.data(text, start, end, block, lineNo);
  }

  private directive(line: string, lineNo: number): void {
    const colon = line.indexOf(":");
    if (colon === -1) return;
    const name = line.slice(1, colon).toLowerCase();
    if (name === "fields") {
      const names = line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .filter((n) => n.length > 0);
      const kinds = new Uint8Array(names.length);
      let hasDate = false;
      let hasTime = false;
      for (let i = 0; i < names.length; i++) {
        const kind = FIELD_KINDS.get((names[i] as string).toLowerCase()) ?? K_IGNORE;
        kinds[i] = kind;
        if (kind === K_DATE) hasDate = true;
        if (kind === K_TIME) hasTime = true;
      }
      const block: FieldBlock = { names, kinds, line: lineNo, hasDate, hasTime };
      this.block = block;
      // Remember each distinct layout once (its latest #Fields line), for fieldCountError.
      const key = names.join(" ").toLowerCase();
      const same = this.blocks.findIndex((b) => b.names.join(" ").toLowerCase() === key);
      if (same !== -1) this.blocks.splice(same, 1);
      else if (this.blocks.length >= MAX_REMEMBERED_BLOCKS) this.blocks.shift();
      this.blocks.push(block);
    } else if (name === "date") {
      // "#Date: 2010-08-15 00:39:30": the session's start, in UTC.
      const day =
        line
          .slice(colon + 1)
          .trim()
          .split(/\s+/)[0] ?? "";
      this.directiveDayMs = parseW3cDate(day);
    }
  }

  private fieldCountError(text: string, start: number, end: number, block: FieldBlock, lineNo: number): void {
    if (this.trying) {
      this.tryFailed = true;
      return;
    }
    const found = text.slice(start, end).split(" ").length;
    // A line with the field count of an earlier #Fields block of this file was most likely
    // logged with that layout (files joined together, or test files like elastic-beats_test.log
    // whose attack lines use IIS's default fields under a 22-field block). Map it that way if
    // every value then checks out, rather than lose a request.
    for (let j = this.blocks.length - 1; j >= 0; j--) {
      const other = this.blocks[j] as FieldBlock;
      if (other === block || other.kinds.length !== found) continue;
      this.trying = true;
      this.tryFailed = false;
      this.data(text, start, end, other, lineNo);
      this.trying = false;
      if (!this.tryFailed) return;
    }
    this.error(lineNo, `expected ${block.kinds.length} fields (per #Fields on line ${block.line}), found ${found}`);
  }

  /**
   * A bad value. Values are checked while the line is still being split, so a line with the
   * wrong number of fields can fail on a misaligned value first: report the count instead,
   * which is the real problem.
   */
  private bad(text: string, start: number, end: number, block: FieldBlock, lineNo: number, reason: string): void {
    let fields = 1;
    for (let i = text.indexOf(" ", start); i !== -1 && i < end; i = text.indexOf(" ", i + 1)) fields++;
    if (fields !== block.kinds.length) this.fieldCountError(text, start, end, block, lineNo);
    else this.error(lineNo, reason);
  }

  private intError(
    text: string,
    start: number,
    end: number,
    block: FieldBlock,
    i: number,
    a: number,
    b: number,
    code: number,
    max: number,
    lineNo: number,
  ): void {
    this.bad(text, start, end, block, lineNo, intFieldReason(block.names[i] as string, text.slice(a, b), code, max));
  }

  /**
   * Maps one data line, text[start, end), field by field in place: numbers, dates and the
   * server IP are read straight from the text, and only values that are stored become strings.
   */
  private data(text: string, start: number, end: number, block: FieldBlock, lineNo: number): void {
    const kinds = block.kinds;
    const n = kinds.length;
    const r = newRecord(lineNo);
    r.time = 0;
    let dayMs = block.hasDate ? NaN : this.directiveDayMs;
    let timeMs = -1;
    let a = start;
    for (let i = 0; i < n; i++) {
      // The previous value ended the line: fewer values than fields.
      if (a > end) return this.fieldCountError(text, start, end, block, lineNo);
      // Each case finds its value's end b itself: numbers and IPv4 addresses are validated in the
      // same pass, which saves one indexOf call per field (a third of the time of a line).
      let b: number;
      const c0 = a < end ? text.charCodeAt(a) : 32;
      if (c0 === 32) {
        b = a;
      } else if (c0 === 45 && (a + 1 === end || text.charCodeAt(a + 1) === 32)) {
        b = a + 1;
      } else {
        switch (kinds[i]) {
          case K_DATE: {
            const last = this.lastDate;
            b = a + 10;
            if (last.length === 10 && endsAt(text, b, end) && sameAt(text, a, last)) {
              dayMs = this.lastDateMs;
            } else {
              b = fieldEnd(text, a, end);
              const v = text.slice(a, b);
              dayMs = parseW3cDate(v);
              if (Number.isNaN(dayMs))
                return this.bad(text, start, end, block, lineNo, `bad date ${quote(v)} (expected YYYY-MM-DD)`);
              this.lastDate = v;
              this.lastDateMs = dayMs;
            }
            break;
          }
          case K_TIME:
            b = a + 8;
            if (!endsAt(text, b, end)) b = fieldEnd(text, a, end);
            timeMs = parseW3cTimeAt(text, a, b);
            if (timeMs === -1)
              return this.bad(
                text,
                start,
                end,
                block,
                lineNo,
                `bad time ${quote(text.slice(a, b))} (expected HH:MM:SS)`,
              );
            break;
          case K_SITE:
            b = fieldEnd(text, a, end);
            r.site = text.slice(a, b);
            break;
          case K_HOST:
            b = fieldEnd(text, a, end);
            r.host = text.slice(a, b);
            break;
          case K_SERVER_IP: {
            const last = this.lastServerIp;
            b = a + last.length;
            if (last.length > 0 && endsAt(text, b, end) && sameAt(text, a, last)) {
              r.serverIp = last;
            } else {
              b = fieldEnd(text, a, end);
              const v = text.slice(a, b);
              const ip = normaliseIp(v);
              if (ip === null)
                return this.bad(text, start, end, block, lineNo, `s-ip ${quote(v)} is not an IP address`);
              r.serverIp = ip;
              if (ip === v) this.lastServerIp = v;
            }
            break;
          }
          case K_METHOD:
            b = fieldEnd(text, a, end);
            r.method = text.slice(a, b);
            break;
          case K_URI_STEM:
            b = fieldEnd(text, a, end);
            r.uriStem = text.slice(a, b);
            break;
          case K_URI_QUERY:
            b = fieldEnd(text, a, end);
            r.uriQuery = text.slice(a, b);
            break;
          case K_SERVER_PORT: {
            const x = scanUnsigned(text, a, end, INT4_MAX);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, INT4_MAX, lineNo);
            r.serverPort = x;
            break;
          }
          case K_USERNAME:
            b = fieldEnd(text, a, end);
            r.username = text.slice(a, b);
            break;
          case K_CLIENT_IP:
            if (scanIpv4(text, a, end)) {
              b = scanEnd;
              r.clientIp = text.slice(a, b);
            } else {
              b = scanEnd;
              const v = text.slice(a, b);
              const ip = normaliseIp(v);
              if (ip === null)
                return this.bad(text, start, end, block, lineNo, `c-ip ${quote(v)} is not an IP address`);
              r.clientIp = ip;
            }
            break;
          case K_PROTOCOL_VERSION:
            b = fieldEnd(text, a, end);
            r.protocolVersion = text.slice(a, b);
            break;
          case K_USER_AGENT:
            b = fieldEnd(text, a, end);
            r.userAgent = text.slice(a, b);
            break;
          case K_COOKIE:
            b = fieldEnd(text, a, end);
            r.cookie = text.slice(a, b);
            break;
          case K_REFERER:
            b = fieldEnd(text, a, end);
            r.referer = text.slice(a, b);
            break;
          case K_CS_HOST:
            b = fieldEnd(text, a, end);
            r.csHost = text.slice(a, b);
            break;
          case K_STATUS: {
            const x = scanUnsigned(text, a, end, INT4_MAX);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, INT4_MAX, lineNo);
            r.status = x;
            break;
          }
          case K_SUBSTATUS: {
            const x = scanUnsigned(text, a, end, INT4_MAX);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, INT4_MAX, lineNo);
            r.substatus = x;
            break;
          }
          case K_WIN32_STATUS: {
            const x = scanUnsigned(text, a, end, Number.MAX_SAFE_INTEGER);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, Number.MAX_SAFE_INTEGER, lineNo);
            r.win32Status = x;
            break;
          }
          case K_BYTES_SENT: {
            const x = scanUnsigned(text, a, end, Number.MAX_SAFE_INTEGER);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, Number.MAX_SAFE_INTEGER, lineNo);
            r.bytesSent = x;
            break;
          }
          case K_BYTES_RECEIVED: {
            const x = scanUnsigned(text, a, end, Number.MAX_SAFE_INTEGER);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, Number.MAX_SAFE_INTEGER, lineNo);
            r.bytesReceived = x;
            break;
          }
          case K_TIME_TAKEN: {
            const x = scanUnsigned(text, a, end, INT4_MAX);
            b = scanEnd;
            if (x < 0) return this.intError(text, start, end, block, i, a, b, x, INT4_MAX, lineNo);
            r.timeTaken = x;
            break;
          }
          default:
            b = fieldEnd(text, a, end);
            break;
        }
      }
      a = b + 1;
    }
    // More values than fields: the last field ended at a space, not at the end of the line.
    if (a <= end) return this.fieldCountError(text, start, end, block, lineNo);
    if (Number.isNaN(dayMs)) {
      return this.error(
        lineNo,
        block.hasDate ? "date is empty" : `no date field (#Fields on line ${block.line}) and no #Date directive`,
      );
    }
    if (timeMs < 0) {
      return this.error(lineNo, block.hasTime ? "time is empty" : `no time field (#Fields on line ${block.line})`);
    }
    r.time = dayMs + timeMs;
    if (r.time < MIN_LOG_TIME || r.time > this.maxTime)
      return this.error(lineNo, outOfRangeReason(r.time, this.maxTime));
    if (r.host === null) r.host = this.host;
    if (r.site === null) r.site = this.site;
    this.records.push(r);
    if (this.records.length + this.errors.length >= this.chunkSize) this.flush();
  }
}

/**
 * Parses an IIS W3C log (decompressed bytes) into chunks of records and line errors. Bad lines
 * become errors with their 1-based line number; the rest of the file still parses.
 */
export async function* parseW3c(
  input: AsyncIterable<Buffer | string>,
  opts: ParseOptions = {},
): AsyncGenerator<ParseChunk> {
  const p = new W3cLineParser(opts);
  // Bytes after the last "\n" seen, waiting for the rest of their line.
  let carry: Buffer[] = [];
  let carryLength = 0;
  // Inside a line already known to be too long: drop bytes until its "\n".
  let skipping = false;

  for await (const piece of input) {
    const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    p.bytesRead += buf.length;
    let start = 0;
    if (skipping) {
      const nl = buf.indexOf(10);
      if (nl === -1) continue;
      skipping = false;
      p.overlongLine();
      start = nl + 1;
    }
    if (carryLength > 0) {
      // Finish the carried line on its own, so the rest of this piece is decoded without a copy.
      const nl = buf.indexOf(10, start);
      if (nl === -1) {
        carry.push(start === 0 ? buf : buf.subarray(start));
        carryLength += buf.length - start;
        // +1: the line may still end in "\r", which is not counted.
        if (carryLength > MAX_LINE_BYTES + 1) {
          carry = [];
          carryLength = 0;
          skipping = true;
        }
        continue;
      }
      carry.push(buf.subarray(start, nl + 1));
      p.feedLines(Buffer.concat(carry, carryLength + nl + 1 - start));
      carry = [];
      carryLength = 0;
      start = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    if (last >= start) {
      p.feedLines(start === 0 && last === buf.length - 1 ? buf : buf.subarray(start, last + 1));
      start = last + 1;
    }
    if (start < buf.length) {
      carry.push(start === 0 ? buf : buf.subarray(start));
      carryLength = buf.length - start;
      if (carryLength > MAX_LINE_BYTES + 1) {
        carry = [];
        carryLength = 0;
        skipping = true;
      }
    }
    while (p.ready.length > 0) yield p.ready.shift() as ParseChunk;
  }
  if (skipping) p.overlongLine();
  else if (carryLength > 0) p.feedLines(Buffer.concat(carry, carryLength));
  p.finish();
  while (p.ready.length > 0) yield p.ready.shift() as ParseChunk;
}
