// What the fault tests share about imports on the fault stack: a log uploaded as the web app would
// queue it, the moment its COPY runs (to break something then), and the check that a batch ended
// with every row exactly once. The app's modules are imported lazily: the fault stack sets the
// environment they read before the first call.
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { generateW3cLog } from "../../bench/generate-w3c-log";
import { pollUntil } from "./poll";

export async function appPool() {
  return (await import("../../lib/db")).getPool();
}

/** One integer from a query that selects it as `n`. */
export async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await (await appPool()).query<{ n: number }>(sql, params);
  return Number(rows[0]!.n);
}

/** Uploads a generated W3C log of `lines` lines as the web app would; the import job is queued. */
export async function uploadLog(lines: number, seed: number): Promise<number> {
  const path = join(tmpdir(), `shellcase-fault-${randomBytes(4).toString("hex")}.log`);
  await generateW3cLog(path, lines, seed);
  const { createUploadImport } = await import("../../lib/ingest/create-upload-import");
  const { batchId } = await createUploadImport({
    startedById: null,
    fileName: `u_ex${seed}.log`,
    kind: "web_log",
    body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
  });
  await rm(path);
  return batchId;
}

/** Resolves once an import's COPY is running. */
export function copyRunning(): Promise<number> {
  return pollUntil(
    "the import's COPY to be running",
    () =>
      scalar(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY web_requests%'`,
      ),
    (n) => n === 1,
    { timeoutMs: 90_000, everyMs: 50 },
  );
}

/** The batch's rows: all of them, each line once, and no import left running. */
export async function expectEveryRowOnce(batchId: number, lines: number): Promise<void> {
  const { rows } = await (
    await appPool()
  ).query("SELECT status, imported FROM import_batches WHERE id = $1", [batchId]);
  expect(rows[0]).toEqual({ status: "completed", imported: lines });
  expect(await scalar("SELECT count(*)::int AS n FROM web_requests WHERE batch_id = $1", [batchId])).toBe(lines);
  expect(await scalar("SELECT count(DISTINCT line)::int AS n FROM web_requests WHERE batch_id = $1", [batchId])).toBe(
    lines,
  );
  expect(await scalar("SELECT count(*)::int AS n FROM import_batches WHERE status = 'running'")).toBe(0);
}
