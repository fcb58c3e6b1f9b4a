// Parses JSON exports of the Log Analytics W3CIISLog table: an array of row objects (what
// `az monitor log-analytics query` prints), { "rows": [...] }, or the REST API's
// { "tables": [{ "name", "columns": [{ name, type }], "rows": [[...]] }] }. The file is tokenised
// as it streams in and only one row at a time is built, so exports larger than memory work.
// Memory stays bounded on hostile input too: a value over MAX_VALUE_CHARS is dropped as it
// streams (its row becomes a row error naming the field), a row over twice MAX_LINE_BYTES stops
// being built, and a table may hold only so many rows before its "columns".
import Assembler from "stream-json/assembler.js";
import { jsonParser } from "stream-json/parser.js";
import { maxLogTime } from "./log-time-range";
import { MAX_LINE_BYTES } from "./parse-w3c";
import { COLUMN_LABEL, ChunkCollector, finishRecord, setW3cIisLogValue } from "./parse-w3ciislog-csv";
import { WebLogRejected, isW3cIisLogSpecificColumn, listKeys, w3cIisLogField, type RecordField } from "./sniff-web-log";
import { newRecord, type ParseChunk, type ParseOptions } from "./web-request";

interface Token {
  name: string;
  value?: unknown;
}

/** Longest key, string or number kept, in UTF-16 units; longer ones are dropped as they stream. */
export const MAX_VALUE_CHARS = 64 * 1024;
/** Keys and values of one row, in UTF-16 units, beyond which the row is skipped unbuilt. */
const MAX_ROW_CHARS = 2 * MAX_LINE_BYTES;
/** Rows (and their characters) a table may hold before its "columns" say what they mean. */
export const MAX_ROWS_BEFORE_COLUMNS = 10_000;
const MAX_CHARS_BEFORE_COLUMNS = 32 * 1024 * 1024;

/** Stands in for a value (or a whole row) that was too long to keep. */
class Oversized {}
const OVERSIZED = new Oversized();
/** A key too long to keep: no W3CIISLog column has such a name, so its value is ignored. */
const OVERSIZED_KEY = "\u0000(key over 64 KiB)";

// stream-chain's registered symbols (stream-json's jsonParser speaks its protocol): `none` ends
// the input, and a result holding several tokens is marked "many". Driving the tokenizer as a
// plain function, rather than through a Node object stream, saves a stream hop per token.
const NONE = Symbol.for("object-stream.none");
type Tokenizer = (chunk: string | symbol) => unknown;

function tokensOf(out: unknown): Token[] {
  if (out !== null && typeof out === "object" && Array.isArray((out as { values?: unknown }).values)) {
    return (out as { values: Token[] }).values;
  }
  return [];
}

interface Container {
  array: boolean;
  /** The key this container is the value of, in its parent object. */
  key: string | null;
}

const isKey = (key: string | null | undefined, name: string): boolean => key?.toLowerCase() === name;

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Walks the token stream, builds each row, and maps it to a record or a row error. */
class RowWalker {
  private readonly stack: Container[] = [];
  private key: string | null = null;
  private asm: Assembler | null = null;
  private building: "row" | "columns" = "row";
  private rowNo = 0;
  private checked = false;
  private sawRows = false;
  private readonly topKeys: string[] = [];
  private topScalar = false;
  private tableColumns: (RecordField | null)[] | null = null;
  private pendingRows: (unknown[] | Oversized)[] = [];
  private pendingChars = 0;
  /** Characters of the row being assembled; past MAX_ROW_CHARS the row is skipped. */
  private rowChars = 0;
  /** Open containers of a row being skipped (0: not skipping). */
  private skipDepth = 0;
  private readonly keyFields = new Map<string, RecordField | null>();
  private readonly host: string | null;
  private readonly site: string | null;
  private readonly maxTime: number;

  constructor(
    private readonly out: ChunkCollector,
    opts: ParseOptions,
  ) {
    this.host = opts.host || null;
    this.site = opts.site || null;
    this.maxTime = opts.maxTime ?? maxLogTime();
  }

  /** The innermost container holds rows: the top-level array, "rows", or tables[i].rows. */
  private inRows(): boolean {
    const s = this.stack;
    const d = s.length;
    const top = s[d - 1];
    if (!top?.array) return false;
    if (d === 1) return true;
    if (d === 2) return isKey(top.key, "rows");
    return d === 4 && isKey(top.key, "rows") && isKey(s[1]?.key, "tables") && !s[2]?.array;
  }

  consume(t: Token): void {
    if (this.skipDepth > 0) {
      if (t.name === "startObject" || t.name === "startArray") this.skipDepth++;
      else if ((t.name === "endObject" || t.name === "endArray") && --this.skipDepth === 0) {
        if (this.building === "row") this.row(OVERSIZED);
        else throw new WebLogRejected(`JSON table "columns" is over ${MAX_ROW_CHARS} characters`);
      }
      return;
    }
    if (this.asm !== null) {
      const v = t.value;
      if (typeof v === "string") this.rowChars += v.length;
      else if (v === OVERSIZED) this.rowChars += MAX_VALUE_CHARS;
      if (this.rowChars > MAX_ROW_CHARS) {
        // Stop building it: a row of a million small values must not grow memory either.
        this.skipDepth = this.asm.depth;
        this.asm = null;
        return;
      }
      this.asm.consume(t as never);
      if (this.asm.done) {
        const value: unknown = this.asm.current;
        this.asm = null;
        if (this.building === "row") this.row(value);
        else this.columns(value);
      }
      return;
    }
    const s = this.stack;
    switch (t.name) {
      case "startObject":
      case "startArray": {
        if (this.inRows()) {
          this.sawRows = true;
          this.startAssembling("row", t);
          return;
        }
        const d = s.length;
        if (t.name === "startArray" && d === 3 && isKey(this.key, "columns") && isKey(s[1]?.key, "tables")) {
          this.startAssembling("columns", t);
          return;
        }
        if (d === 2 && isKey(s[1]?.key, "tables") && t.name === "startObject") {
          this.tableColumns = null;
          this.pendingRows = [];
          this.pendingChars = 0;
        }
        s.push({ array: t.name === "startArray", key: this.key });
        this.key = null;
        return;
      }
      case "endObject":
      case "endArray": {
        const closed = s.pop();
        if (s.length === 2 && closed && !closed.array && isKey(s[1]?.key, "tables")) this.endTable();
        this.key = null;
        return;
      }
      case "keyValue":
        this.key = t.value as string;
        if (s.length === 1) this.topKeys.push(this.key);
        return;
      default:
        // A scalar value.
        if (this.inRows()) {
          this.sawRows = true;
          this.rowNo++;
          this.out.linesRead = this.rowNo;
          this.out.error(this.rowNo, "row is not an object");
        } else if (s.length === 0) {
          this.topScalar = true;
        }
        this.key = null;
    }
  }

  private startAssembling(what: "row" | "columns", t: Token): void {
    this.building = what;
    // numberAsString: numbers reach the same validation as CSV text, without float rounding.
    this.asm = new Assembler({ numberAsString: true });
    this.asm.consume(t as never);
    this.rowChars = 0;
    this.key = null;
  }

  private row(value: unknown): void {
    if ((Array.isArray(value) || value === OVERSIZED) && this.stack.length === 4) {
      if (this.tableColumns === null) this.pend(value as unknown[] | Oversized);
      else this.arrayRow(value as unknown[] | Oversized, this.tableColumns);
      return;
    }
    const line = ++this.rowNo;
    this.out.linesRead = line;
    if (value === OVERSIZED) {
      this.out.error(line, `row is over ${MAX_LINE_BYTES} bytes`);
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.out.error(line, "row is not an object");
      return;
    }
    const row = value as Record<string, unknown>;
    if (!this.checked) {
      this.checked = true;
      const keys = Object.keys(row);
      if (!keys.some(isW3cIisLogSpecificColumn)) {
        throw new WebLogRejected(`JSON, but not W3CIISLog rows (found keys ${listKeys(keys)})`);
      }
    }
    const r = newRecord(line);
    let reason: string | null = null;
    let chars = 0;
    let hasTime = false;
    for (const k in row) {
      let field = this.keyFields.get(k);
      if (field === undefined) {
        field = w3cIisLogField(k);
        this.keyFields.set(k, field);
      }
      if (field === null) continue;
      if (field === "time") hasTime = true;
      if (row[k] === OVERSIZED) {
        reason = `${k} is over ${MAX_VALUE_CHARS / 1024} KiB`;
        break;
      }
      const v = toText(row[k]);
      if (v === null || v === "" || v === "-") continue;
      chars += v.length;
      reason = setW3cIisLogValue(r, field, v);
      if (reason !== null) break;
    }
    this.finish(r, line, reason, hasTime, chars);
  }

  /** Holds a table row until its "columns" arrive, within MAX_ROWS_BEFORE_COLUMNS. */
  private pend(row: unknown[] | Oversized): void {
    this.pendingRows.push(row);
    this.pendingChars += this.rowChars;
    if (this.pendingRows.length > MAX_ROWS_BEFORE_COLUMNS || this.pendingChars > MAX_CHARS_BEFORE_COLUMNS) {
      throw new WebLogRejected(
        `JSON table has more than ${MAX_ROWS_BEFORE_COLUMNS} rows (or ${MAX_CHARS_BEFORE_COLUMNS / 1024 / 1024} MiB) before its "columns"; put "columns" before "rows", as the Log Analytics API writes them`,
      );
    }
  }

  private arrayRow(values: unknown[] | Oversized, fields: (RecordField | null)[]): void {
    const line = ++this.rowNo;
    this.out.linesRead = line;
    if (values === OVERSIZED || !Array.isArray(values)) {
      this.out.error(line, `row is over ${MAX_LINE_BYTES} bytes`);
      return;
    }
    if (values.length !== fields.length) {
      this.out.error(line, `expected ${fields.length} values (per the table's columns), found ${values.length}`);
      return;
    }
    const r = newRecord(line);
    let reason: string | null = null;
    let chars = 0;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (field == null) continue;
      if (values[i] === OVERSIZED) {
        reason = `${COLUMN_LABEL[field]} is over ${MAX_VALUE_CHARS / 1024} KiB`;
        break;
      }
      const v = toText(values[i]);
      if (v === null || v === "" || v === "-") continue;
      chars += v.length;
      reason = setW3cIisLogValue(r, field, v);
      if (reason !== null) break;
    }
    this.finish(r, line, reason, fields.includes("time"), chars);
  }

  private finish(
    r: ReturnType<typeof newRecord>,
    line: number,
    reason: string | null,
    hasTime: boolean,
    chars: number,
  ): void {
    if (reason === null && chars > MAX_LINE_BYTES / 3) {
      let bytes = 0;
      for (const v of Object.values(r)) if (typeof v === "string") bytes += Buffer.byteLength(v);
      if (bytes > MAX_LINE_BYTES) reason = `row is over ${MAX_LINE_BYTES} bytes`;
    }
    if (reason === null && !hasTime) reason = "row has no TimeGenerated";
    reason ??= finishRecord(r, this.host, this.site, this.maxTime);
    if (reason === null) this.out.record(r);
    else this.out.error(line, reason);
  }

  private columns(value: unknown): void {
    const names = Array.isArray(value)
      ? value.map((c) => (c !== null && typeof c === "object" ? (toText((c as { name?: unknown }).name) ?? "") : ""))
      : [];
    if (!this.checked) {
      this.checked = true;
      if (!names.some(isW3cIisLogSpecificColumn)) {
        throw new WebLogRejected(`JSON, but not W3CIISLog rows (found columns ${listKeys(names)})`);
      }
    }
    this.tableColumns = names.map(w3cIisLogField);
    const pending = this.pendingRows;
    this.pendingRows = [];
    this.pendingChars = 0;
    for (const row of pending) this.arrayRow(row, this.tableColumns);
  }

  private endTable(): void {
    if (this.pendingRows.length > 0 && this.tableColumns === null) {
      throw new WebLogRejected('JSON table has rows but no "columns"');
    }
    this.tableColumns = null;
  }

  /** After the last token: a file that never had a rows array is not an export. */
  end(): void {
    if (this.asm !== null || this.stack.length > 0) throw new WebLogRejected("JSON ends in the middle of a value");
    if (this.sawRows || this.rowNo > 0) return;
    if (this.topScalar) throw new WebLogRejected("JSON, but not W3CIISLog rows (a single value)");
    if (this.topKeys.length > 0 && !this.topKeys.some((k) => /^(rows|tables)$/i.test(k))) {
      throw new WebLogRejected(
        `JSON, but not W3CIISLog rows (no "rows" or "tables" array; found keys ${listKeys(this.topKeys)})`,
      );
    }
  }
}

/** Packs streamed keys, strings and numbers into single tokens, keeping MAX_VALUE_CHARS of each. */
class ValuePacker {
  private text = "";
  private over = false;

  constructor(private readonly walker: RowWalker) {}

  consume(t: Token): void {
    switch (t.name) {
      case "startKey":
      case "startString":
      case "startNumber":
        this.text = "";
        this.over = false;
        return;
      case "keyChunk":
      case "stringChunk":
      case "numberChunk": {
        if (this.over) return;
        const piece = t.value as string;
        if (this.text.length + piece.length > MAX_VALUE_CHARS) {
          this.over = true;
          this.text = "";
        } else {
          this.text += piece;
        }
        return;
      }
      case "endKey":
        this.walker.consume({ name: "keyValue", value: this.over ? OVERSIZED_KEY : this.text });
        return;
      case "endString":
        this.walker.consume({ name: "stringValue", value: this.over ? OVERSIZED : this.text });
        return;
      case "endNumber":
        // numberAsString: the assembler stores numbers as their text, like strings.
        this.walker.consume({ name: "numberValue", value: this.over ? OVERSIZED : this.text });
        return;
      default:
        this.walker.consume(t);
    }
  }
}

/**
 * Parses a JSON export of W3CIISLog. `line` in records and errors is the 1-based row number.
 * Throws WebLogRejected if the first row (or the table's columns) has no W3CIISLog column.
 */
export async function* parseW3cIisLogJson(
  input: AsyncIterable<Buffer | string>,
  opts: ParseOptions = {},
): AsyncGenerator<ParseChunk> {
  const out = new ChunkCollector(opts);
  const walker = new RowWalker(out, opts);
  // Values stream in pieces and are packed here, so that no value is held beyond its cap.
  const tokenizer = jsonParser({ packValues: false, streamValues: true }) as unknown as Tokenizer;
  const packer = new ValuePacker(walker);
  // Non-fatal decoding: invalid UTF-8 becomes U+FFFD rather than failing the whole export.
  const decoder = new TextDecoder("utf-8");
  let sawText = false;
  const feed = (chunk: string | symbol): void => {
    let tokens: Token[];
    try {
      tokens = tokensOf(tokenizer(chunk));
    } catch (err) {
      throw new WebLogRejected(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const t of tokens) packer.consume(t);
  };
  for await (const piece of input) {
    const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    out.bytesRead += buf.length;
    const text = decoder.decode(buf, { stream: true });
    if (text.length === 0) continue;
    if (!sawText && text.trim().length > 0) sawText = true;
    feed(text);
    for (const chunk of out.take()) yield chunk;
  }
  const rest = decoder.decode();
  if (rest.length > 0) feed(rest);
  if (!sawText && rest.trim().length === 0) throw new WebLogRejected("file is empty");
  feed(NONE);
  walker.end();
  out.finish();
  for (const chunk of out.take()) yield chunk;
}
