// Reads a CSV export of SecurityAlert rows (RFC 4180: quoted cells may hold delimiters, newlines
// and doubled quotes) as it streams in. Records are cut from a buffer that holds at most one
// incomplete record; one over MAX_ROW_CHARS (an unclosed quote, say) ends the reading with an
// error on its line, since where the next record starts can no longer be known.
import { MAX_ROW_CHARS, checkAlertColumns, type Obj, type SourceItem } from "./alert-source-row";

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

/**
 * The complete records of `text` from `start`. Unless `final`, a record that reaches the end of
 * `text` may continue in the next chunk: it is left for then (`next` is where it starts).
 */
function scanRecords(
  text: string,
  start: number,
  firstLine: number,
  delimiter: string,
  final: boolean,
): { records: CsvRecord[]; next: number; line: number } {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = start;
  let line = firstLine;
  const isEnd = (c: string | undefined) => c === delimiter || c === "\n" || c === "\r";
  while (i < n) {
    const recordStart = i;
    const startLine = line;
    const cells: string[] = [];
    let error: string | null = null;
    let incomplete = false;
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
          if (q < 0 || (q + 1 === n && !final)) {
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
        if (!closed && !final) incomplete = true;
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
      if (i >= n || (text[i] === "\r" && i + 1 === n && !final)) {
        if (!final) incomplete = true;
        break;
      }
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      break;
    }
    if (incomplete) return { records, next: recordStart, line: startLine };
    if (cells.length === 1 && cells[0] === "" && error === null) continue; // blank line
    records.push({ line: startLine, cells, error });
  }
  return { records, next: n, line };
}

/** The header's most frequent candidate delimiter. */
export function detectDelimiter(head: string): string {
  const header = head.slice(0, head.search(/\r|\n/) >>> 0);
  const count = (c: string) => header.split(c).length - 1;
  const candidates = [",", "\t", ";"];
  return candidates.reduce((best, c) => (count(c) > count(best) ? c : best), ",");
}

export async function* readAlertCsv(
  text: AsyncIterable<string>,
  name: string,
  delimiter: string,
): AsyncGenerator<SourceItem> {
  let header: string[] | null = null;
  let buffer = "";
  let line = 1;

  function* emit(records: CsvRecord[]): Generator<SourceItem> {
    for (const record of records) {
      if (header === null) {
        header = record.cells.map((c) => c.trim());
        checkAlertColumns(header, name, "export");
        yield { declaresAlertColumns: true };
      } else if (record.error !== null) {
        yield { row: record.line, reason: record.error };
      } else if (record.cells.length !== header.length) {
        yield {
          row: record.line,
          reason: `has ${record.cells.length} cells but the header has ${header.length} columns`,
        };
      } else {
        const value: Obj = {};
        header.forEach((column, c) => {
          value[column] = record.cells[c];
        });
        yield { row: record.line, value };
      }
    }
  }

  for await (const chunk of text) {
    buffer += chunk;
    const scanned = scanRecords(buffer, 0, line, delimiter, false);
    buffer = buffer.slice(scanned.next);
    line = scanned.line;
    yield* emit(scanned.records);
    if (buffer.length > MAX_ROW_CHARS) {
      yield {
        row: line,
        reason: `is longer than ${MAX_ROW_CHARS / 1024 / 1024} MiB (an unclosed quote?); the rest of the file was not read`,
      };
      return;
    }
  }
  yield* emit(scanRecords(buffer, 0, line, delimiter, true).records);
}
