// The normalised shape of one web server request, whatever file format it came from.
// Field names follow web_requests' columns (prisma/migrations/*_web_requests); the W3C field
// each comes from is noted there. Empty ("-") values are null.

export interface WebRequestRecord {
  /** Request time, UTC, as epoch milliseconds (W3C logs have 1-second resolution). */
  time: number;
  host: string | null;
  site: string | null;
  serverIp: string | null;
  method: string | null;
  uriStem: string | null;
  uriQuery: string | null;
  serverPort: number | null;
  username: string | null;
  clientIp: string | null;
  protocolVersion: string | null;
  /** Exactly as logged: W3C writes spaces as "+", and so does W3CIISLog's csUserAgent. */
  userAgent: string | null;
  cookie: string | null;
  referer: string | null;
  csHost: string | null;
  status: number | null;
  substatus: number | null;
  win32Status: number | null;
  bytesSent: number | null;
  bytesReceived: number | null;
  timeTaken: number | null;
  /** 1-based line number in the file (or row number for JSON exports). */
  line: number;
}

/** A line (or row) that could not be imported; the rest of the file still imports. */
export interface LineError {
  line: number;
  reason: string;
}

export type WebLogFormat = "w3c" | "w3ciislog-csv" | "w3ciislog-json";

/** One chunk of parse output: parsers yield these so the importer can stream them to COPY. */
export interface ParseChunk {
  records: WebRequestRecord[];
  errors: LineError[];
  /** Lines (or rows) consumed so far, including directives and blank lines. */
  linesRead: number;
  /** Bytes of (decompressed) input consumed so far, for progress. */
  bytesRead: number;
}

export interface ParseOptions {
  /** Host for records whose file has no s-computername (or sComputerName) value. */
  host?: string;
  /** Site for records whose file has no s-sitename (or sSiteName) value. */
  site?: string;
  /** Records per chunk; default 5000. */
  chunkSize?: number;
  /** Latest request time accepted, epoch ms; default now + 1 day (see log-time-range.ts). */
  maxTime?: number;
}

/** An empty record: every field null. One literal, one property order, one hidden class. */
export function newRecord(line: number): WebRequestRecord {
  return {
    time: NaN,
    host: null,
    site: null,
    serverIp: null,
    method: null,
    uriStem: null,
    uriQuery: null,
    serverPort: null,
    username: null,
    clientIp: null,
    protocolVersion: null,
    userAgent: null,
    cookie: null,
    referer: null,
    csHost: null,
    status: null,
    substatus: null,
    win32Status: null,
    bytesSent: null,
    bytesReceived: null,
    timeTaken: null,
    line,
  };
}
