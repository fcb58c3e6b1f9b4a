// Reads JSON Lines (one row object per line) as it streams in; a line that is not JSON is
// reported by its line number and the next lines still read. A line over MAX_ROW_CHARS is
// reported without being kept in memory.
import { errorMessage } from "./parsed-alert";
import { AlertFileRejected, MAX_ROW_CHARS, type SourceItem } from "./alert-source-row";

export async function* readAlertLines(text: AsyncIterable<string>, name: string): AsyncGenerator<SourceItem> {
  let carry = "";
  let line = 1;
  /** The current line is over the cap: drop text until its end. */
  let skipping = false;
  let rows = 0;
  let firstError: { row: number; reason: string } | null = null;

  const tooLong = (row: number) => ({ row, reason: `is longer than ${MAX_ROW_CHARS / 1024 / 1024} MiB` });

  function* take(content: string, row: number): Generator<SourceItem> {
    if (content.length > MAX_ROW_CHARS) {
      yield tooLong(row);
      return;
    }
    if (content.trim() === "") return;
    try {
      const value = JSON.parse(content) as unknown;
      rows++;
      yield { row, value };
    } catch (e) {
      const error = { row, reason: `is not valid JSON: ${errorMessage(e)}` };
      firstError ??= error;
      yield error;
    }
  }

  for await (const chunk of text) {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, nl);
      if (!skipping) yield* take(carry + piece, line);
      carry = "";
      skipping = false;
      start = nl + 1;
      line++;
    }
    if (skipping) continue;
    carry += chunk.slice(start);
    if (carry.length > MAX_ROW_CHARS) {
      yield tooLong(line);
      carry = "";
      skipping = true;
    }
  }
  if (!skipping) yield* take(carry, line);
  if (rows === 0) {
    const e = firstError as { row: number; reason: string } | null;
    throw new AlertFileRejected(`${name} is neither JSON nor JSON Lines${e ? ` (line ${e.row} ${e.reason})` : ""}.`);
  }
}
