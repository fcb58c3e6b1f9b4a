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

type Cell = (column: string) => unknown;

/** Null when the row has no usable time (it cannot be placed in a partition). */
export function toFetchedRequest(row: Record<string, unknown>): FetchedRequest | null {
  return fromCells((c) => row[c]);
}

/** The rows of a query table (cells in column order) as requests; rows without a time are left out. */
export function fetchedRequestsOf(columns: { name: string }[], rows: unknown[][]): FetchedRequest[] {
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const out: FetchedRequest[] = [];
  for (const row of rows) {
    const r = fromCells((c) => {
      const i = index.get(c);
      return i === undefined ? undefined : row[i];
    });
    if (r) out.push(r);
  }
  return out;
}

function fromCells(cell: Cell): FetchedRequest | null {
  const t = time(cell("TimeGenerated"));
  if (!Number.isFinite(t)) return null;
  const r = newRecord(0);
  r.time = t;
  r.host = text(cell("sComputerName"));
  r.site = text(cell("sSiteName"));
  r.serverIp = ip(cell("sIP"));
  r.method = text(cell("csMethod"));
  r.uriStem = text(cell("csUriStem"));
  r.uriQuery = text(cell("csUriQuery"));
  r.serverPort = int(cell("sPort"));
  r.username = text(cell("csUserName"));
  r.clientIp = ip(cell("cIP"));
  r.protocolVersion = text(cell("csVersion"));
  r.userAgent = text(cell("csUserAgent"));
  r.cookie = text(cell("csCookie"));
  r.referer = text(cell("csReferer"));
  r.csHost = text(cell("csHost"));
  r.status = int(cell("scStatus"));
  r.substatus = int(cell("scSubStatus"));
  r.win32Status = int(cell("scWin32Status"));
  r.bytesSent = int(cell("scBytes"));
  r.bytesReceived = int(cell("csBytes"));
  r.timeTaken = int(cell("TimeTaken"));
  return { record: r, itemId: text(cell("_ItemId")) };
}
