// What the format readers of an alert export (read-alert-*.ts) hand to parseAlertStream: a row as
// read from the file, before validation, or a problem with one row. Readers also throw
// AlertFileRejected when the file is not an export of alerts at all.

/** The file is not an export of alerts at all. The message is meant for the user. */
export class AlertFileRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertFileRejected";
  }
}

export type SourceItem =
  /** `row`: 1-based line where the row starts (JSON Lines, CSV) or index + 1 (JSON arrays). */
  | { row: number; value: unknown }
  | { row: number; reason: string }
  /** The file declares its columns (CSV header, REST `columns`) and they include SystemAlertId. */
  | { declaresAlertColumns: true };

/** A row longer than this (JSON Lines line, CSV record) is reported, not buffered. */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `TimeGenerated [UTC]` → `timegenerated`. */
export function canonicalKey(key: string): string {
  return key
    .replace(/\s*\[\s*UTC\s*\]\s*$/i, "")
    .trim()
    .toLowerCase();
}

export function hasAlertIdKey(keys: Iterable<string>): boolean {
  for (const k of keys) if (canonicalKey(k) === "systemalertid") return true;
  return false;
}

export function looksLikeWebLog(keys: Iterable<string>): boolean {
  const names = new Set([...keys].map(canonicalKey));
  return ["csuristem", "cip", "ssitename", "csuseragent", "cs-uri-stem", "c-ip"].some((k) => names.has(k));
}

/** The rejection for a file with declared columns (CSV header, REST columns) lacking SystemAlertId. */
export function checkAlertColumns(columns: string[], name: string, what: "export" | "query result"): void {
  if (hasAlertIdKey(columns)) return;
  if (looksLikeWebLog(columns)) {
    throw new AlertFileRejected(
      `${name} looks like a W3CIISLog (web server log) ${what}, not alerts: it has no SystemAlertId column. Import it as a web log instead.`,
    );
  }
  throw new AlertFileRejected(
    what === "export"
      ? `${name} is not a SecurityAlert export: it is not JSON, and as CSV its header has no SystemAlertId column.`
      : `${name} is a query result without a SystemAlertId column, so it does not hold SecurityAlert rows.`,
  );
}
