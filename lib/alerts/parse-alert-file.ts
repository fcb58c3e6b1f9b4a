// Reads an export of SecurityAlert rows (Microsoft Sentinel / Defender for Endpoint alerts) into
// ParsedAlerts. The format is detected from the content, not the file name:
//   - a JSON array of row objects, or `{ "rows": [...] }`;
//   - the Log Analytics REST shape `{ "tables": [{ "columns": [{name,type}], "rows": [[...]] }] }`;
//   - JSON Lines (one row object per line);
//   - CSV with a header row (portal exports name time columns `TimeGenerated [UTC]`).
// A bad row is reported with its row number and the other rows still come out; a file that is not
// alerts at all throws AlertFileRejected.

import { normaliseEntities } from "./normalise-entities";
import {
  type AlertRowError,
  type ParseAlertFileResult,
  type ParsedAlert,
  SECURITY_ALERT_COLUMNS,
  describeType,
  errorMessage,
  securityAlertRowSchema,
} from "./parsed-alert";

/** The file is not an export of alerts at all. The message is meant for the user. */
export class AlertFileRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertFileRejected";
  }
}

/** A row as read from the file, before validation. */
interface SourceRow {
  /** 1-based line where the row starts (JSON Lines, CSV) or index + 1 (JSON arrays). */
  row: number;
  /** The row as received: an object for a well-formed row. */
  value: unknown;
}

interface ReadResult {
  rows: SourceRow[];
  errors: AlertRowError[];
  /** The file declares its columns (CSV header, REST `columns`) and they include SystemAlertId. */
  declaresAlertColumns: boolean;
}

/** Row problems shown per row; more are summarised. */
const MAX_REASONS_PER_ROW = 5;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `TimeGenerated [UTC]` → `timegenerated`. */
function canonicalKey(key: string): string {
  return key
    .replace(/\s*\[\s*UTC\s*\]\s*$/i, "")
    .trim()
    .toLowerCase();
}

const COLUMN_BY_KEY = new Map<string, string>(SECURITY_ALERT_COLUMNS.map((c) => [c.toLowerCase(), c]));

function hasAlertIdKey(keys: Iterable<string>): boolean {
  for (const k of keys) if (canonicalKey(k) === "systemalertid") return true;
  return false;
}

function looksLikeWebLog(keys: Iterable<string>): boolean {
  const names = new Set([...keys].map(canonicalKey));
  return ["csuristem", "cip", "ssitename", "csuseragent", "cs-uri-stem", "c-ip"].some((k) => names.has(k));
}

export function parseAlertFile(text: string, fileName: string): ParseAlertFileResult {
  const name = JSON.stringify(fileName);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new AlertFileRejected(`${name} is empty.`);
  if (looksBinary(text)) {
    throw new AlertFileRejected(
      `${name} is not a text file (it looks binary or compressed). Upload a JSON, JSON Lines or CSV export of SecurityAlert rows.`,
    );
  }

  const read = readRows(text, name);
  const objectRows = read.rows.filter((r) => isObj(r.value));
  if (!read.declaresAlertColumns && !objectRows.some((r) => hasAlertIdKey(Object.keys(r.value as Obj)))) {
    const keys = objectRows.flatMap((r) => Object.keys(r.value as Obj));
    if (objectRows.length > 0 && looksLikeWebLog(keys)) {
      throw new AlertFileRejected(
        `${name} looks like a W3CIISLog (web server log) export, not alerts: its rows have no SystemAlertId. Import it as a web log instead.`,
      );
    }
    if (read.rows.length === 0) throw new AlertFileRejected(`${name} holds no rows.`);
    throw new AlertFileRejected(`${name} does not hold SecurityAlert rows: no row has a SystemAlertId.`);
  }

  const alerts: ParsedAlert[] = [];
  const errors: AlertRowError[] = [...read.errors];
  for (const { row, value } of read.rows) {
    const result = toAlert(value);
    if (Array.isArray(result)) {
      const shown = result.slice(0, MAX_REASONS_PER_ROW);
      if (result.length > shown.length) shown.push(`and ${result.length - shown.length} more problems`);
      errors.push({ row, reason: shown.join("; ") });
    } else {
      alerts.push(result);
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { alerts, errors };
}

/** One row → a ParsedAlert, or the reasons it is bad. */
function toAlert(value: unknown): ParsedAlert | string[] {
  if (!isObj(value)) return [`is not an object (it is ${describeType(value)})`];
  // Known columns under their canonical names; the first of duplicate spellings wins.
  // Every column is present (null when absent): zod treats an absent key as a missing value.
  const input: Obj = Object.fromEntries(SECURITY_ALERT_COLUMNS.map((c) => [c, null]));
  const taken = new Set<string>();
  for (const key of Object.keys(value)) {
    const column = COLUMN_BY_KEY.get(canonicalKey(key));
    if (column !== undefined && !taken.has(column)) {
      taken.add(column);
      input[column] = value[key] ?? null;
    }
  }
  const parsed = securityAlertRowSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.map(String).join(".")} ${issue.message}`.trim());
  }
  const r = parsed.data;
  const entities = normaliseEntities(r.Entities);
  if (entities.errors.length > 0) return entities.errors;
  return {
    systemAlertId: r.SystemAlertId,
    providerName: r.ProviderName,
    vendorName: r.VendorName,
    productName: r.ProductName,
    displayName: r.DisplayName ?? r.AlertName,
    alertName: r.AlertName,
    alertType: r.AlertType,
    severity: r.AlertSeverity,
    status: r.Status,
    description: r.Description,
    vendorOriginalId: r.VendorOriginalId,
    compromisedEntity: r.CompromisedEntity,
    timeGenerated: r.TimeGenerated,
    startTime: r.StartTime,
    endTime: r.EndTime,
    tactics: r.Tactics,
    techniques: r.Techniques,
    extendedProperties: r.ExtendedProperties ?? null,
    entities: r.Entities,
    raw: value,
    hosts: entities.hosts,
    files: entities.files,
    processes: entities.processes,
  };
}

// ---------------------------------------------------------------------------------------------
// Format detection and reading.

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd) odd++;
  }
  return odd > Math.max(8, sample.length * 0.01);
}

function readRows(text: string, name: string): ReadResult {
  const first = /\S/.exec(text)?.[0];
  if (first === "[" || first === "{") {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      if (first === "{") return readJsonLines(text, name);
      throw new AlertFileRejected(`${name} is not valid JSON: ${errorMessage(e)}`);
    }
    return readJson(json, name);
  }
  return readCsv(text, name);
}

function readJson(json: unknown, name: string): ReadResult {
  if (Array.isArray(json)) {
    return { rows: json.map((value, i) => ({ row: i + 1, value })), errors: [], declaresAlertColumns: false };
  }
  if (!isObj(json)) {
    throw new AlertFileRejected(`${name} holds JSON ${describeType(json)}, not SecurityAlert rows.`);
  }
  if (Array.isArray(json.tables)) {
    const tables = json.tables.filter(isObj);
    const table = tables.find((t) => t.name === "PrimaryResult") ?? tables[0];
    if (!table) throw new AlertFileRejected(`${name} is a Log Analytics query result with no tables.`);
    return readTable(table, name);
  }
  if (Array.isArray(json.rows)) {
    if (Array.isArray(json.columns)) return readTable(json, name);
    return { rows: json.rows.map((value, i) => ({ row: i + 1, value })), errors: [], declaresAlertColumns: false };
  }
  // A single row object (a one-line JSON Lines file, or one exported alert).
  return { rows: [{ row: 1, value: json }], errors: [], declaresAlertColumns: false };
}

/** `{ columns: [{name, type}], rows: [[...]] }` (Log Analytics REST API). */
function readTable(table: Obj, name: string): ReadResult {
  const columns = Array.isArray(table.columns) ? table.columns : [];
  const names = columns.map((c) => (isObj(c) && typeof c.name === "string" ? c.name : null));
  if (names.length === 0 || names.some((n) => n === null)) {
    throw new AlertFileRejected(`${name} is a query result whose columns have no names.`);
  }
  const columnNames = names as string[];
  if (!hasAlertIdKey(columnNames)) {
    throw new AlertFileRejected(
      looksLikeWebLog(columnNames)
        ? `${name} looks like a W3CIISLog (web server log) query result, not alerts: it has no SystemAlertId column. Import it as a web log instead.`
        : `${name} is a query result without a SystemAlertId column, so it does not hold SecurityAlert rows.`,
    );
  }
  const rows: SourceRow[] = [];
  const errors: AlertRowError[] = [];
  const data = Array.isArray(table.rows) ? table.rows : [];
  data.forEach((cells, i) => {
    if (!Array.isArray(cells)) {
      errors.push({ row: i + 1, reason: `is not a list of cells (it is ${describeType(cells)})` });
    } else if (cells.length !== columnNames.length) {
      errors.push({ row: i + 1, reason: `has ${cells.length} cells but there are ${columnNames.length} columns` });
    } else {
      const value: Obj = {};
      columnNames.forEach((column, c) => {
        value[column] = cells[c];
      });
      rows.push({ row: i + 1, value });
    }
  });
  return { rows, errors, declaresAlertColumns: true };
}

function readJsonLines(text: string, name: string): ReadResult {
  const rows: SourceRow[] = [];
  const errors: AlertRowError[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      rows.push({ row: i + 1, value: JSON.parse(line) as unknown });
    } catch (e) {
      errors.push({ row: i + 1, reason: `is not valid JSON: ${errorMessage(e)}` });
    }
  });
  if (rows.length === 0) {
    const firstError = errors[0];
    throw new AlertFileRejected(
      `${name} is neither JSON nor JSON Lines${firstError ? ` (line ${firstError.row} ${firstError.reason})` : ""}.`,
    );
  }
  return { rows, errors, declaresAlertColumns: false };
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted cells may hold delimiters, newlines and doubled quotes).

interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
  error: string | null;
}

const NEWLINES = /\r\n?|\n/g;

function countNewlines(s: string): number {
  return s.match(NEWLINES)?.length ?? 0;
}

function* csvRecords(text: string, delimiter: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  const isEnd = (c: string | undefined) => c === delimiter || c === "\n" || c === "\r";
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let error: string | null = null;
    for (;;) {
      let cell: string;
      if (text[i] === '"') {
        const opened = line;
        const parts: string[] = [];
        let closed = false;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          const chunk = text.slice(i, q < 0 ? n : q);
          line += countNewlines(chunk);
          parts.push(chunk);
          if (q < 0) {
            i = n;
            break;
          }
          if (text[q + 1] === '"') {
            parts.push('"');
            i = q + 2;
            continue;
          }
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed) error ??= `has a quoted cell opened on line ${opened} that is never closed`;
        if (closed && i < n && !isEnd(text[i])) {
          error ??= `cell ${cells.length + 1} has text after its closing quote`;
          let j = i;
          while (j < n && !isEnd(text[j])) j++;
          parts.push(text.slice(i, j));
          i = j;
        }
        cell = parts.join("");
      } else {
        let j = i;
        while (j < n && !isEnd(text[j])) j++;
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= n) break;
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      break;
    }
    if (cells.length === 1 && cells[0] === "" && error === null) continue; // blank line
    yield { line: start, cells, error };
  }
}

function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r|\n/) >>> 0);
  const count = (c: string) => header.split(c).length - 1;
  const candidates = [",", "\t", ";"];
  return candidates.reduce((best, c) => (count(c) > count(best) ? c : best), ",");
}

function readCsv(text: string, name: string): ReadResult {
  const records = csvRecords(text, detectDelimiter(text));
  const headerRecord = records.next();
  if (headerRecord.done) throw new AlertFileRejected(`${name} is empty.`);
  const header = headerRecord.value.cells.map((c) => c.trim());
  if (!hasAlertIdKey(header)) {
    throw new AlertFileRejected(
      looksLikeWebLog(header)
        ? `${name} looks like a W3CIISLog (web server log) export, not alerts: it has no SystemAlertId column. Import it as a web log instead.`
        : `${name} is not a SecurityAlert export: it is not JSON, and as CSV its header has no SystemAlertId column.`,
    );
  }
  const rows: SourceRow[] = [];
  const errors: AlertRowError[] = [];
  for (const record of records) {
    if (record.error !== null) {
      errors.push({ row: record.line, reason: record.error });
    } else if (record.cells.length !== header.length) {
      errors.push({
        row: record.line,
        reason: `has ${record.cells.length} cells but the header has ${header.length} columns`,
      });
    } else {
      const value: Obj = {};
      header.forEach((column, c) => {
        value[column] = record.cells[c];
      });
      rows.push({ row: record.line, value });
    }
  }
  return { rows, errors, declaresAlertColumns: true };
}
