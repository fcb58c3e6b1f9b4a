// Reads what a web server of the e2e run wrote (playwright.config.ts tees its output to
// test-results/) and picks out the server errors, so that an error the browser never shows (a
// page that failed to render on the server and then rendered in the browser) fails the run.
import { open, stat } from "node:fs/promises";

/** Lines that are server errors, whatever printed them. */
const ERROR_PATTERNS: RegExp[] = [
  /⨯/, // Next.js: an error while rendering or handling a request
  /\b[A-Za-z]*Error:/, // an error printed with its message (TypeError: Invalid URL)
  /unhandled ?rejection/i,
  /uncaught ?exception/i,
  /\[next-auth\]\[error\]/,
  /"level":"error"/, // lib/logger.ts
];

/**
 * Lines that look like errors but are not, each with its reason. Keep this list short: an entry
 * hides a class of real errors too.
 */
const BENIGN: { pattern: RegExp; reason: string }[] = [];

export function serverErrors(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => ERROR_PATTERNS.some((p) => p.test(line)))
    .filter((line) => !BENIGN.some((b) => b.pattern.test(line)));
}

/** Bytes written so far (0 when the file does not exist yet). */
export async function logSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** The error lines written from byte `from` on. */
export async function readServerErrors(path: string, from = 0): Promise<string[]> {
  let file;
  try {
    file = await open(path);
  } catch {
    return [];
  }
  try {
    const size = (await file.stat()).size;
    if (size <= from) return [];
    const buffer = Buffer.alloc(size - from);
    await file.read(buffer, 0, buffer.length, from);
    return serverErrors(buffer.toString("utf8"));
  } finally {
    await file.close();
  }
}
