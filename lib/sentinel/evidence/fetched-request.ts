// A W3CIISLog row as the query client returns it (REQUEST_COLUMNS of ./../kql/templates.ts) → the
// record a file import of the same request stores. Log Analytics keeps IIS's "-" for an empty
// field, and a missing column is absent: both are NULL here, as the W3C parser makes them, so
// enrichment and pivots read the same values whichever way a request arrived.
import { isIP } from "node:net";
import { newRecord, type WebRequestRecord } from "../../ingest/web-request";

export interface FetchedRequest {
  record: WebRequestRecord;
  /** W3CIISLog's _ItemId: a row fetched twice is stored once. */
  itemId: string | null;
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === "string" ? v : String(v);
  return s === "" || s === "-" ? null : s;
}

function int(v: unknown): number | null {
  const s = text(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

function ip(v: unknown): string | null {
  const s = text(v);
  return s !== null && isIP(s) ? s : null;
}

function time(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  return typeof v === "string" ? Date.parse(v) : Number.NaN;
}

/** Null when the row has no usable time (it cannot be placed in a partition). */
export function toFetchedRequest(row: Record<string, unknown>): FetchedRequest | null {
  const t = time(row.TimeGenerated);
  if (!Number.isFinite(t)) return null;
  const r = newRecord(0);
  r.time = t;
  r.host = text(row.sComputerName);
  r.site = text(row.sSiteName);
  r.serverIp = ip(row.sIP);
  r.method = text(row.csMethod);
  r.uriStem = text(row.csUriStem);
  r.uriQuery = text(row.csUriQuery);
  r.serverPort = int(row.sPort);
  r.username = text(row.csUserName);
  r.clientIp = ip(row.cIP);
  r.protocolVersion = text(row.csVersion);
  r.userAgent = text(row.csUserAgent);
  r.cookie = text(row.csCookie);
  r.referer = text(row.csReferer);
  r.csHost = text(row.csHost);
  r.status = int(row.scStatus);
  r.substatus = int(row.scSubStatus);
  r.win32Status = int(row.scWin32Status);
  r.bytesSent = int(row.scBytes);
  r.bytesReceived = int(row.csBytes);
  r.timeTaken = int(row.TimeTaken);
  return { record: r, itemId: text(row._ItemId) };
}
