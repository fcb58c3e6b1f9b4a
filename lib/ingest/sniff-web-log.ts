// Decides from a file's first bytes which web log parser to use, or why the file is not a web
// log at all. A wrong guess costs a whole import of garbage, so anything unclear is rejected with
// a reason the user can act on. Also home of what is known about W3CIISLog column names, which
// the sniffer and both W3CIISLog parsers share.
import { jsonParser } from "stream-json/parser.js";
import type { WebLogFormat, WebRequestRecord } from "./web-request";

/** A file that is not a web log this tool can import; the message is shown to the user. */
export class WebLogRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebLogRejected";
  }
}

export type RecordField = Exclude<keyof WebRequestRecord, "line">;

/** W3CIISLog column (lower-case) → record field. */
const W3CIISLOG_COLUMNS = new Map<string, RecordField>([
  ["timegenerated", "time"],
  ["ssitename", "site"],
  ["scomputername", "host"],
  ["sip", "serverIp"],
  ["csmethod", "method"],
  ["csuristem", "uriStem"],
  ["csuriquery", "uriQuery"],
  ["sport", "serverPort"],
  ["csusername", "username"],
  ["cip", "clientIp"],
  ["csversion", "protocolVersion"],
  ["csuseragent", "userAgent"],
  ["cscookie", "cookie"],
  ["csreferer", "referer"],
  ["cshost", "csHost"],
  ["scstatus", "status"],
  ["scsubstatus", "substatus"],
  ["scwin32status", "win32Status"],
  ["scbytes", "bytesSent"],
  ["csbytes", "bytesReceived"],
  ["timetaken", "timeTaken"],
]);

/**
 * The record field a W3CIISLog column feeds, or null for other columns (Computer, TenantId…).
 * Case-insensitive; the portal's CSV export writes "TimeGenerated [UTC]". Other bracketed
 * suffixes (a local-time export) are not accepted: their times are in an unknown zone.
 */
export function w3cIisLogField(column: string): RecordField | null {
  let name = column.trim().toLowerCase();
  if (name.endsWith(" [utc]")) name = name.slice(0, -6).trimEnd();
  return W3CIISLOG_COLUMNS.get(name) ?? null;
}

/** True for a column only W3CIISLog has (TimeGenerated is in every Log Analytics table). */
export function isW3cIisLogSpecificColumn(column: string): boolean {
  const field = w3cIisLogField(column);
  return field !== null && field !== "time";
}

const SNIFF_BYTES = 64 * 1024;
const MAX_LISTED_KEYS = 8;

/** Names for a message: the first few, then "…". */
export function listKeys(keys: string[]): string {
  if (keys.length === 0) return "none";
  // SecurityAlert rows are the likeliest mix-up (same workspace, same export): name their key.
  const alertId = keys.findIndex((k) => k.toLowerCase() === "systemalertid");
  if (alertId > 0) keys = [keys[alertId] as string, ...keys.slice(0, alertId), ...keys.slice(alertId + 1)];
  return keys.slice(0, MAX_LISTED_KEYS).join(", ") + (keys.length > MAX_LISTED_KEYS ? ", …" : "");
}

function stripBom(head: Buffer): Buffer {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
}

/** Control characters other than tab, LF, FF, CR: text logs have none; binaries have many. */
function looksBinary(head: Buffer): boolean {
  if (head.indexOf(0) !== -1) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i] as number;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 127) control++;
  }
  return control > head.length / 100;
}

/** A line of text made safe and short for a message. */
function preview(line: string): string {
  const s = line.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40).trimEnd()}…` : s);
}

function isDateLike(line: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[ T]/.test(line);
}

/**
 * Splits a CSV header line into column names. Headers never contain line breaks, so a simple
 * quote-aware split of the first line is enough here (the parser itself uses csv-parse).
 */
function splitCsvHeader(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      out.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  out.push(field);
  return out;
}

function sniffW3c(lines: string[]): { format: WebLogFormat } | { rejected: string } {
  let dataLines = 0;
  for (const line of lines) {
    if (line.startsWith("#")) {
      if (/^#fields:/i.test(line)) return { format: "w3c" };
    } else if (line.trim().length > 0) {
      dataLines++;
    }
  }
  // Directives only (a log with no requests yet) is still a W3C log; data without any #Fields
  // cannot be mapped to fields.
  return dataLines > 0 ? { rejected: "no #Fields directive: not an IIS W3C log" } : { format: "w3c" };
}

type Container = { array: boolean; key: string | null };

/**
 * Looks at the first row of a JSON export (array of objects, { rows: [...] } or the REST API's
 * { tables: [{ columns, rows }] }) and rejects it only when that row is complete and has no
 * W3CIISLog column; anything undecidable within the head is left to the parser.
 */
function sniffJson(text: string): { format: WebLogFormat } | { rejected: string } {
  const feed = jsonParser({ packValues: true, streamValues: false }) as unknown as (chunk: string) => unknown;
  let out: unknown;
  try {
    out = feed(text);
  } catch (err) {
    return { rejected: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const tokens = (out as { values?: { name: string; value?: unknown }[] } | null)?.values ?? [];
  const stack: Container[] = [];
  let key: string | null = null;
  let rowDepth = -1;
  const rowKeys: string[] = [];
  const topKeys: string[] = [];
  let inColumns = -1;
  const columnNames: string[] = [];
  const isRowsContainer = (): boolean => {
    const d = stack.length;
    const top = stack[d - 1];
    if (!top?.array) return false;
    if (d === 1) return true;
    if (d === 2 && top.key?.toLowerCase() === "rows") return true;
    return d === 4 && top.key?.toLowerCase() === "rows" && stack[1]?.key?.toLowerCase() === "tables";
  };
  const decide = (keys: string[]): { format: WebLogFormat } | { rejected: string } => {
    if (keys.some(isW3cIisLogSpecificColumn)) return { format: "w3ciislog-json" };
    return { rejected: `JSON, but not W3CIISLog rows (found keys ${listKeys(keys)})` };
  };
  for (const t of tokens) {
    switch (t.name) {
      case "startObject":
      case "startArray":
        if (rowDepth === -1 && inColumns === -1 && isRowsContainer() && t.name === "startObject") {
          rowDepth = stack.length + 1;
        }
        if (inColumns === -1 && t.name === "startArray" && stack.length === 3 && key?.toLowerCase() === "columns") {
          inColumns = stack.length + 1;
        }
        stack.push({ array: t.name === "startArray", key });
        key = null;
        break;
      case "endObject":
      case "endArray":
        if (stack.length === rowDepth) return decide(rowKeys);
        if (stack.length === inColumns) return decide(columnNames);
        if (stack.length === 1 && !stack[0]?.array) {
          // An empty export ({"rows": []}) is still an export.
          if (topKeys.some((k) => /^(rows|tables)$/i.test(k))) return { format: "w3ciislog-json" };
          return {
            rejected: `JSON, but not W3CIISLog rows (no "rows" or "tables" array; found keys ${listKeys(topKeys)})`,
          };
        }
        stack.pop();
        key = null;
        break;
      case "keyValue":
        key = t.value as string;
        if (stack.length === rowDepth) rowKeys.push(key);
        if (stack.length === 1) topKeys.push(key);
        break;
      case "stringValue":
        if (inColumns !== -1 && stack.length === inColumns + 1 && key === "name") columnNames.push(t.value as string);
        key = null;
        break;
      default:
        key = null;
    }
  }
  // The first row did not end within the head: let the parser decide.
  return { format: "w3ciislog-json" };
}

/**
 * Picks the parser for a web log from its first bytes (up to 64 KiB, already decompressed), or
 * says why it is not one. fileName only shapes the messages.
 */
export function sniffWebLog(head: Buffer, fileName: string): { format: WebLogFormat } | { rejected: string } {
  const bytes = stripBom(head.subarray(0, SNIFF_BYTES));
  if (bytes.length === 0) return { rejected: "file is empty" };
  if (looksBinary(bytes)) return { rejected: "not a text log (binary content)" };
  const text = bytes.toString("utf8");
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return { rejected: "file is empty (only blank lines)" };

  const first = trimmed[0];
  if (first === "[" || first === "{") return sniffJson(trimmed);

  // The head may end inside a line: drop that partial line unless it is all we have.
  let lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.length > 1 && bytes.length >= SNIFF_BYTES) lines = lines.slice(0, -1);
  const firstLine = lines.find((l) => l.trim().length > 0) ?? "";

  if (/^#[A-Za-z-]+:/.test(firstLine) || isDateLike(firstLine)) return sniffW3c(lines);

  const columns = splitCsvHeader(firstLine).map((c) => c.trim());
  if (columns.length > 1) {
    const fields = new Set(columns.map(w3cIisLogField));
    if (fields.has("time")) {
      if (fields.has("uriStem") || fields.has("clientIp")) return { format: "w3ciislog-csv" };
      return { rejected: "CSV with TimeGenerated, but not a W3CIISLog export (no csUriStem or cIP column)" };
    }
    if (columns.some((c) => /^timegenerated\b/i.test(c))) {
      return { rejected: "CSV export with local times: export W3CIISLog with TimeGenerated in UTC" };
    }
  }
  const kind = /\.csv$/i.test(fileName) ? "a CSV without W3CIISLog columns" : "not an IIS W3C log or W3CIISLog export";
  return { rejected: `${kind} (starts with ${preview(firstLine)})` };
}
