// Reads a JSON document of SecurityAlert rows as it streams in: an array of row objects,
// `{ "rows": [...] }` (with `"columns"` first, rows may be lists of cells), the Log Analytics REST
// shape `{ "tables": [{ "columns": [{name,type}], "rows": [[...]] }] }` (the first table), or a
// single row object. Only one row is built at a time, so a file larger than memory reads fine.
// A REST table whose rows come before its columns is refused: holding its rows until the columns
// arrive would buffer the whole file.
import Assembler from "stream-json/assembler.js";
import { jsonParser } from "stream-json/parser.js";
import { describeType, errorMessage } from "./parsed-alert";
import { AlertFileRejected, checkAlertColumns, isObj, type Obj, type SourceItem } from "./alert-source-row";

interface Token {
  name: string;
  value?: unknown;
}

// stream-chain's protocol, which jsonParser speaks (see lib/ingest/parse-w3ciislog-json.ts).
const NONE = Symbol.for("object-stream.none");
type Tokenizer = (chunk: string | symbol) => unknown;

function tokensOf(out: unknown): Token[] {
  if (out !== null && typeof out === "object" && Array.isArray((out as { values?: unknown }).values)) {
    return (out as { values: Token[] }).values;
  }
  return [];
}

/** A value token that is not a container → its value. */
function scalar(t: Token): unknown {
  switch (t.name) {
    case "stringValue":
      return t.value;
    case "numberValue":
      return Number(t.value);
    case "trueValue":
      return true;
    case "falseValue":
      return false;
    default:
      return null;
  }
}

type Role =
  | "top-array" // [row, ...]
  | "top-object" // { rows | tables | columns | other keys }
  | "rows" // { rows: [row, ...] }
  | "tables" // { tables: [table, ...] }
  | "table" // one table object
  | "table-rows" // its rows
  | "skip"; // anything else: walked, not kept

interface Frame {
  role: Role;
  /** Values started in this container (arrays: the index of the next one). */
  count: number;
}

type Target =
  { kind: "row"; row: number; table: boolean } | { kind: "columns"; table: boolean } | { kind: "top"; key: string };

class DocumentWalker {
  readonly out: SourceItem[] = [];
  private readonly stack: Frame[] = [];
  private key: string | null = null;
  private asm: Assembler | null = null;
  private target: Target | null = null;
  private readonly top: Obj = {};
  private topHasRows = false;
  private topColumns: string[] | null = null;
  private tables = 0;
  private tableColumns: string[] | null = null;
  private tableHasColumns = false;

  constructor(private readonly name: string) {}

  consume(t: Token): void {
    if (this.asm !== null) {
      this.asm.consume(t as never);
      if (this.asm.done) {
        const value: unknown = this.asm.current;
        this.asm = null;
        this.deliver(this.target!, value);
      }
      return;
    }
    const frame = this.stack[this.stack.length - 1];
    if (t.name === "keyValue") {
      this.key = t.value as string;
      return;
    }
    if (t.name === "endObject" || t.name === "endArray") {
      const closed = this.stack.pop();
      if (closed?.role === "table") this.endTable();
      if (closed?.role === "tables" && this.tables === 0) {
        throw new AlertFileRejected(`${this.name} is a Log Analytics query result with no tables.`);
      }
      return;
    }
    const opens = t.name === "startObject" || t.name === "startArray";
    if (!opens && !t.name.endsWith("Value")) return; // streamed chunks: values come packed
    const key = this.key;
    this.key = null;
    if (frame) frame.count++;
    const target = this.targetOf(frame, key, t);
    if (target === null) {
      if (opens) this.stack.push({ role: this.roleOf(frame, key, t), count: 0 });
      return;
    }
    if (!opens) {
      this.deliver(target, scalar(t));
      return;
    }
    this.target = target;
    this.asm = new Assembler();
    this.asm.consume(t as never);
  }

  /** Where a value at this position goes, or null when it is a container to walk into. */
  private targetOf(frame: Frame | undefined, key: string | null, t: Token): Target | null {
    const isArray = t.name === "startArray";
    if (!frame) return null;
    switch (frame.role) {
      case "top-array":
      case "rows":
        return { kind: "row", row: frame.count, table: false };
      case "top-object":
        if ((key === "rows" || key === "tables") && isArray) return null;
        if (key === "columns" && isArray) return { kind: "columns", table: false };
        return { kind: "top", key: key ?? "" };
      case "table":
        if (key === "columns" && isArray && this.tables === 1) return { kind: "columns", table: true };
        return null;
      case "table-rows":
        if (this.tables !== 1) return null;
        if (!this.tableHasColumns) {
          throw new AlertFileRejected(
            `${this.name} lists a query result's rows before its "columns"; export it with "columns" first.`,
          );
        }
        return { kind: "row", row: frame.count, table: true };
      default:
        return null;
    }
  }

  private roleOf(frame: Frame | undefined, key: string | null, t: Token): Role {
    if (!frame) return t.name === "startArray" ? "top-array" : "top-object";
    if (frame.role === "top-object" && key === "rows") {
      this.topHasRows = true;
      return "rows";
    }
    if (frame.role === "top-object" && key === "tables") {
      this.topHasRows = true;
      return "tables";
    }
    if (frame.role === "tables" && t.name === "startObject") {
      this.tables++;
      this.tableColumns = null;
      this.tableHasColumns = false;
      return "table";
    }
    if (frame.role === "table" && key === "rows" && t.name === "startArray") return "table-rows";
    return "skip";
  }

  private deliver(target: Target, value: unknown): void {
    if (target.kind === "top") {
      this.top[target.key] = value;
      return;
    }
    if (target.kind === "columns") {
      const names = Array.isArray(value)
        ? value.map((c) => (isObj(c) && typeof c.name === "string" ? c.name : null))
        : [];
      if (names.length === 0 || names.some((n) => n === null)) {
        throw new AlertFileRejected(`${this.name} is a query result whose columns have no names.`);
      }
      const columns = names as string[];
      checkAlertColumns(columns, this.name, "query result");
      this.out.push({ declaresAlertColumns: true });
      if (target.table) {
        this.tableColumns = columns;
        this.tableHasColumns = true;
      } else {
        this.topColumns = columns;
      }
      return;
    }
    const columns = target.table ? this.tableColumns : this.topColumns;
    if (columns === null || (!target.table && !Array.isArray(value))) {
      this.out.push({ row: target.row, value });
    } else if (!Array.isArray(value)) {
      this.out.push({ row: target.row, reason: `is not a list of cells (it is ${describeType(value)})` });
    } else if (value.length !== columns.length) {
      this.out.push({ row: target.row, reason: `has ${value.length} cells but there are ${columns.length} columns` });
    } else {
      const row: Obj = {};
      columns.forEach((column, c) => {
        row[column] = value[c];
      });
      this.out.push({ row: target.row, value: row });
    }
  }

  private endTable(): void {
    if (this.tables === 1 && !this.tableHasColumns) {
      throw new AlertFileRejected(`${this.name} is a query result whose columns have no names.`);
    }
  }

  /** After the last token: a top-level object without rows or tables is one row. */
  end(): void {
    if (this.asm !== null || this.stack.length > 0) throw new Error("the file ends in the middle of a value");
    if (!this.topHasRows && Object.keys(this.top).length > 0) this.out.push({ row: 1, value: this.top });
  }

  /** The next row number, for an error that stops the reading. */
  nextRow(): number {
    const frame = this.stack.find((f) => f.role === "top-array" || f.role === "rows" || f.role === "table-rows");
    return (frame?.count ?? 0) + (this.asm === null ? 1 : 0);
  }
}

/**
 * Yields the document's rows as they complete. Invalid JSON is reported as a SyntaxError-like
 * Error whose message names the problem; the rows before it were already yielded.
 */
export async function* readAlertJson(text: AsyncIterable<string>, name: string): AsyncGenerator<SourceItem> {
  const walker = new DocumentWalker(name);
  const tokenizer = jsonParser({ packValues: true, streamValues: false }) as unknown as Tokenizer;
  const feed = (chunk: string | symbol): void => {
    let tokens: Token[];
    try {
      tokens = tokensOf(tokenizer(chunk));
    } catch (err) {
      throw new InvalidJson(errorMessage(err), walker.nextRow());
    }
    for (const t of tokens) walker.consume(t);
  };
  for await (const chunk of text) {
    feed(chunk);
    yield* walker.out.splice(0);
  }
  feed(NONE);
  try {
    walker.end();
  } catch (err) {
    throw new InvalidJson(errorMessage(err), walker.nextRow());
  }
  yield* walker.out.splice(0);
}

/** The document stops being valid JSON at `row`; the rows before it were read. */
export class InvalidJson extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
    this.name = "InvalidJson";
  }
}
