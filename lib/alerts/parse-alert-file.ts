// Reads an export of SecurityAlert rows (Microsoft Sentinel / Defender for Endpoint alerts) into
// ParsedAlerts as it streams in, one row at a time. The format is detected from the content, not
// the file name:
//   - a JSON array of row objects, or `{ "rows": [...] }`;
//   - the Log Analytics REST shape `{ "tables": [{ "columns": [{name,type}], "rows": [[...]] }] }`;
//   - JSON Lines (one row object per line);
//   - CSV with a header row (portal exports name time columns `TimeGenerated [UTC]`).
// A bad row is reported with its row number and the other rows still come out; a file that is not
// alerts at all throws AlertFileRejected before any row comes out. Without declared columns that
// takes seeing a row with a SystemAlertId: rows are held back until one comes, and a file whose
// first MAX_ROWS_WITHOUT_ID rows have none is rejected.
import { normaliseEntities } from "./normalise-entities";
import {
  type AlertRowError,
  type ParseAlertFileResult,
  type ParsedAlert,
  SECURITY_ALERT_COLUMNS,
  describeType,
} from "./parsed-alert";
import { securityAlertRowSchema } from "./parsed-alert";
import {
  AlertFileRejected,
  type Obj,
  type SourceItem,
  canonicalKey,
  hasAlertIdKey,
  isObj,
  looksLikeWebLog,
} from "./alert-source-row";
import { InvalidJson, readAlertJson } from "./read-alert-json";
import { readAlertLines } from "./read-alert-lines";
import { detectDelimiter, readAlertCsv } from "./read-alert-csv";

/** Row problems shown per row; more are summarised. */
const MAX_REASONS_PER_ROW = 5;
/** Rows held back while no row has shown a SystemAlertId (the file may not be alerts). */
const MAX_ROWS_WITHOUT_ID = 1000;
/** A cell longer than this is not a real alert's (Log Analytics caps string columns far lower). */
const MAX_VALUE_CHARS = 1024 * 1024;
/** Text read before choosing the format. */
const HEAD_CHARS = 65_536;

const COLUMN_BY_KEY = new Map<string, string>(SECURITY_ALERT_COLUMNS.map((c) => [c.toLowerCase(), c]));

/** What the stream yields: an alert (with the row it came from) or a row that could not be read. */
export type AlertFileItem = { row: number; alert: ParsedAlert } | { row: number; reason: string };

/** The decoded text of `input` (invalid UTF-8 becomes U+FFFD rather than failing the file). */
async function* decode(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const piece of input) {
    const text = typeof piece === "string" ? piece : decoder.decode(piece, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The first HEAD_CHARS (and at least one non-blank character, if any) and all the text again. */
async function peekText(
  text: AsyncIterable<string>,
): Promise<{ head: string; done: boolean; all: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  let head = "";
  let done = false;
  while (head.length < HEAD_CHARS || head.trim() === "") {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    if (head) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, done, all: all() };
}

/** The complete lines at the start of `head` (the last one only if the text ends there). */
function completeLines(head: string, done: boolean): string[] {
  const lines = head.split("\n");
  if (!done) lines.pop();
  return lines.filter((l) => l.trim() !== "");
}

function parsesAsObject(line: string): Obj | null {
  try {
    const v = JSON.parse(line) as unknown;
    return isObj(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * A text starting with `{` is JSON Lines when its first line is a whole row object, or when that
 * line is broken and the next one starts another object; else it is one JSON document
 * (pretty-printed, `{rows}`, `{tables}`, or one line too long to look at).
 */
function isJsonLines(head: string, done: boolean): boolean {
  const [first, second] = completeLines(head, done);
  if (first === undefined) return false;
  const row = parsesAsObject(first);
  if (row) return !Array.isArray(row.rows) && !Array.isArray(row.tables);
  return second?.trimStart().startsWith("{") ?? false;
}

export async function* parseAlertStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  fileName: string,
): AsyncGenerator<AlertFileItem> {
  const name = JSON.stringify(fileName);
  const { head, done, all } = await peekText(decode(input));
  if (head.trim() === "" || (head.charCodeAt(0) === 0xfeff && head.slice(1).trim() === "")) {
    throw new AlertFileRejected(`${name} is empty.`);
  }
  if (looksBinary(head)) {
    throw new AlertFileRejected(
      `${name} is not a text file (it looks binary or compressed). Upload a JSON, JSON Lines or CSV export of SecurityAlert rows.`,
    );
  }
  const text = withoutBom(all);
  const body = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const first = /\S/.exec(body)?.[0];
  let source: AsyncIterable<SourceItem>;
  let json = false;
  if (first === "{" && isJsonLines(body, done)) {
    source = readAlertLines(text, name);
  } else if (first === "[" || first === "{") {
    source = readAlertJson(text, name);
    json = true;
  } else {
    source = readAlertCsv(text, name, detectDelimiter(body));
  }

  const gate = new AlertIdGate(name);
  try {
    for await (const item of source) {
      for (const ready of gate.push(item)) yield toItem(ready);
    }
  } catch (err) {
    if (!(err instanceof InvalidJson)) throw err;
    if (!gate.decided) throw new AlertFileRejected(`${name} is not valid JSON: ${err.message}`);
    yield { row: err.row, reason: `is not valid JSON: ${err.message}; the rest of the file was not read` };
    return;
  }
  for (const ready of gate.end(json)) yield toItem(ready);
}

async function* withoutBom(text: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of text) {
    yield first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
  }
}

type RowItem = { row: number; value: unknown } | { row: number; reason: string };

/** Holds rows back until the file shows it holds alerts (declared columns or a row's SystemAlertId). */
class AlertIdGate {
  decided = false;
  private held: RowItem[] = [];
  private objectRows = 0;
  private readonly keys = new Set<string>();

  constructor(private readonly name: string) {}

  *push(item: SourceItem): Generator<RowItem> {
    if ("declaresAlertColumns" in item) {
      yield* this.open();
      return;
    }
    if (this.decided) {
      yield item;
      return;
    }
    this.held.push(item);
    if ("value" in item && isObj(item.value)) {
      this.objectRows++;
      const keys = Object.keys(item.value);
      if (hasAlertIdKey(keys)) {
        yield* this.open();
        return;
      }
      if (this.keys.size < 1000) for (const k of keys) this.keys.add(k);
    }
    if (this.held.length > MAX_ROWS_WITHOUT_ID) this.reject(`its first ${MAX_ROWS_WITHOUT_ID} rows have`);
  }

  private *open(): Generator<RowItem> {
    this.decided = true;
    const held = this.held;
    this.held = [];
    yield* held;
  }

  *end(json: boolean): Generator<RowItem> {
    if (this.decided) return;
    if (json && this.held.length === 0 && this.objectRows === 0) {
      throw new AlertFileRejected(`${this.name} holds no rows.`);
    }
    this.reject("no row has");
  }

  private reject(which: string): never {
    if (this.objectRows > 0 && looksLikeWebLog(this.keys)) {
      throw new AlertFileRejected(
        `${this.name} looks like a W3CIISLog (web server log) export, not alerts: its rows have no SystemAlertId. Import it as a web log instead.`,
      );
    }
    throw new AlertFileRejected(`${this.name} does not hold SecurityAlert rows: ${which} a SystemAlertId.`);
  }
}

function toItem(item: RowItem): AlertFileItem {
  if ("reason" in item) return item;
  const result = toAlert(item.value);
  if (!Array.isArray(result)) return { row: item.row, alert: result };
  const shown = result.slice(0, MAX_REASONS_PER_ROW);
  if (result.length > shown.length) shown.push(`and ${result.length - shown.length} more problems`);
  return { row: item.row, reason: shown.join("; ") };
}

/** Reads a whole export given as text (tests, small inputs): every alert, and the errors by row. */
export async function parseAlertFile(text: string, fileName: string): Promise<ParseAlertFileResult> {
  const alerts: ParsedAlert[] = [];
  const errors: AlertRowError[] = [];
  for await (const item of parseAlertStream([text], fileName)) {
    if ("alert" in item) alerts.push(item.alert);
    else errors.push(item);
  }
  errors.sort((a, b) => a.row - b.row);
  return { alerts, errors };
}

/** One row → a ParsedAlert, or the reasons it is bad. */
function toAlert(value: unknown): ParsedAlert | string[] {
  if (!isObj(value)) return [`is not an object (it is ${describeType(value)})`];
  const oversized = Object.keys(value).filter((k) => {
    const v = value[k];
    return typeof v === "string" && v.length > MAX_VALUE_CHARS;
  });
  if (oversized.length) return oversized.map((k) => `${k} is longer than ${MAX_VALUE_CHARS / 1024 / 1024} MiB`);
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
  const unreadable = Array.isArray(r.Entities) ? null : r.Entities;
  const entities = normaliseEntities(unreadable ? [] : (r.Entities as unknown[]));
  if (entities.errors.length > 0) return entities.errors;
  const warnings = unreadable
    ? [`Entities is not valid JSON (${unreadable.reason}): kept as text; entities unreadable`]
    : entities.warnings;
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
    entities: unreadable ? unreadable.text : (r.Entities as unknown[]),
    warnings,
    raw: value,
    hosts: entities.hosts,
    files: entities.files,
    processes: entities.processes,
  };
}

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
