// Serialises records to PostgreSQL COPY text format for web_requests. One definition of the
// column order, shared by the importer and the benchmark's reference COPY.
import type { WebRequestRecord } from "./web-request";

export const WEB_REQUEST_COLUMNS = [
  "time",
  "host",
  "site",
  "server_ip",
  "method",
  "uri_stem",
  "uri_query",
  "server_port",
  "username",
  "client_ip",
  "protocol_version",
  "user_agent",
  "cookie",
  "referer",
  "cs_host",
  "status",
  "substatus",
  "win32_status",
  "bytes_sent",
  "bytes_received",
  "time_taken",
  "batch_id",
  "line",
] as const;

export const COPY_WEB_REQUESTS_SQL = `COPY web_requests (${WEB_REQUEST_COLUMNS.join(", ")}) FROM STDIN`;

// COPY text format: backslash, tab, newline and carriage return must be escaped; \N is NULL.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function text(v: string | null): string {
  if (v === null) return "\\N";
  return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v;
}

function num(v: number | null): string {
  return v === null ? "\\N" : String(v);
}

/** Formats times; consecutive log lines mostly share a second, so the last one is cached. */
export class CopyRowWriter {
  private lastMs = Number.NaN;
  private lastIso = "";

  constructor(private readonly batchId: number) {}

  row(r: WebRequestRecord): string {
    if (r.time !== this.lastMs) {
      this.lastMs = r.time;
      this.lastIso = new Date(r.time).toISOString();
    }
    return (
      this.lastIso +
      "\t" +
      text(r.host) +
      "\t" +
      text(r.site) +
      "\t" +
      text(r.serverIp) +
      "\t" +
      text(r.method) +
      "\t" +
      text(r.uriStem) +
      "\t" +
      text(r.uriQuery) +
      "\t" +
      num(r.serverPort) +
      "\t" +
      text(r.username) +
      "\t" +
      text(r.clientIp) +
      "\t" +
      text(r.protocolVersion) +
      "\t" +
      text(r.userAgent) +
      "\t" +
      text(r.cookie) +
      "\t" +
      text(r.referer) +
      "\t" +
      text(r.csHost) +
      "\t" +
      num(r.status) +
      "\t" +
      num(r.substatus) +
      "\t" +
      num(r.win32Status) +
      "\t" +
      num(r.bytesSent) +
      "\t" +
      num(r.bytesReceived) +
      "\t" +
      num(r.timeTaken) +
      "\t" +
      this.batchId +
      "\t" +
      r.line +
      "\n"
    );
  }
}
