// An import whose job fails on every attempt ends `failed` with the reason, not `running` or
// `queued`, and its uploaded file is removed; a batch that finished is never touched. Real
// BullMQ worker on the real Redis, with the worker's own failed handler (workers/on-job-failed.ts).
process.env.JOB_BACKOFF_MS = "10"; // eight attempts in a second or two instead of ten minutes

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { Worker } from "bullmq";
import { getPrisma, closeDb } from "../../lib/db";
import { closeQueues, getQueue, importJobId, JOB_ATTEMPTS, QUEUES } from "../../lib/jobs/queues";
import { createUploadImport } from "../../lib/ingest/create-upload-import";
import { markImportFailed } from "../../lib/ingest/run-import-batch";
import { workerOptions } from "../../workers/worker-options";
import { onJobFailed } from "../../workers/on-job-failed";
import { pollUntil } from "../support/poll";

let worker: Worker;
let handled: Promise<void> = Promise.resolve();

beforeAll(async () => {
  // A processor that fails like a disk error would, on every attempt.
  worker = new Worker(
    QUEUES.imports,
    async (): Promise<string> => {
      throw new Error("EIO: i/o error, read");
    },
    workerOptions("imports", 1),
  );
  worker.on("failed", (job, err) => (handled = onJobFailed("imports", job, err)));
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await closeDb();
});

const body = (text: string) => new Blob([text]).stream();

describe("an import whose job failed for good", () => {
  it("is marked failed with the error after the last attempt, and its file is removed", async () => {
    const { batchId } = await createUploadImport({
      startedById: null,
      fileName: "never.log",
      kind: "web_log",
      body: body("#x\n"),
    });
    const { storedPath } = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(existsSync(storedPath!)).toBe(true);
    const job = (await getQueue(QUEUES.imports).getJob(await importJobId(batchId)))!;
    await pollUntil(
      "the job to fail for good",
      () => job.getState(),
      (s) => s === "failed",
      { timeoutMs: 30_000 },
    );
    await pollUntil(
      "the batch to say failed",
      async () => {
        await handled;
        return (await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } })).status;
      },
      (s) => s === "failed",
    );
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch.message).toBe("import failed: EIO: i/o error, read");
    expect(batch.finishedAt).not.toBeNull();
    expect(existsSync(storedPath!)).toBe(false);
    expect((await getQueue(QUEUES.imports).getJob(job.id!))!.attemptsMade).toBe(JOB_ATTEMPTS.imports);
  });

  it("keeps the reason an import gave, and never touches a finished batch", async () => {
    const prisma = getPrisma();
    const failed = await prisma.importBatch.create({
      data: { kind: "web_log", fileName: "a.log", status: "failed", message: "import failed: disk full" },
    });
    const done = await prisma.importBatch.create({
      data: { kind: "web_log", fileName: "b.log", status: "completed", imported: 3 },
    });
    await markImportFailed(failed.id, "import 1 failed; see the import's message");
    await markImportFailed(done.id, "late failure");
    await markImportFailed(2_000_000_000, "no such batch"); // gone: nothing to do, no error
    expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: failed.id } })).message).toBe(
      "import failed: disk full",
    );
    expect(await prisma.importBatch.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({
      status: "completed",
      message: null,
      imported: 3,
    });
  });
});
