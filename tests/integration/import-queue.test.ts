// Uploads through the real BullMQ queue on the real Redis, processed by the real worker code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { QueueEvents, Worker } from "bullmq";
import { getPrisma, getPool, closeDb } from "../../lib/db";
import { getEnv } from "../../lib/env";
import { QUEUES, getQueue, closeQueues, importJobId, enqueueImport } from "../../lib/jobs/queues";
import { createWorkerConnection } from "../../lib/redis";
import { createUploadImport } from "../../lib/ingest/create-upload-import";
import { processImport } from "../../workers/processors/imports";
import { getImportBatchById } from "../../lib/ingest/get-import-batch-by-id";
import type { Actor } from "../../lib/auth/roles";
import { makeUser } from "../support/case-factories";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

let worker: Worker;
let events: QueueEvents;
let uploader: Actor;

beforeAll(async () => {
  uploader = await makeUser("analyst", "Ulla Uploader");
  const prefix = getEnv().QUEUE_PREFIX;
  worker = new Worker(QUEUES.imports, processImport, { connection: createWorkerConnection(), prefix });
  events = new QueueEvents(QUEUES.imports, { connection: createWorkerConnection(), prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});

afterAll(async () => {
  await worker.close();
  await events.close();
  await closeQueues();
  await closeDb();
});

function bodyOf(content: Buffer | string): ReadableStream<Uint8Array> {
  return new Blob([typeof content === "string" ? content : new Uint8Array(content)]).stream();
}

async function finished(batchId: number) {
  const job = await getQueue(QUEUES.imports).getJob(await importJobId(batchId));
  expect(job, `job for batch ${batchId}`).toBeDefined();
  return job!.waitUntilFinished(events, 60_000);
}

describe("imports through the queue", () => {
  it("imports an uploaded web log and records progress, counts and the format", async () => {
    // Unique from its first byte: other test files import the fixture itself under this name, and
    // a file that merely appends to it is a grown log whose lines are stored already.
    const content =
      `#Remark: ${randomBytes(4).toString("hex")}\n` +
      (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8"));
    const { batchId } = await createUploadImport({
      fileName: "u_ex240514.log",
      kind: "web_log",
      body: bodyOf(content),
      startedById: uploader.id,
    });
    expect(await finished(batchId)).toBe("completed");
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ status: "completed", imported: 6, format: "w3c", progress: 1, errorCount: 0 });
    // Who uploaded it: recorded on the batch and shown by name in the import's view (page, API).
    expect(batch.startedById).toBe(uploader.id);
    expect((await getImportBatchById(batchId)).startedBy).toBe("Ulla Uploader");
    expect(existsSync(batch.storedPath!)).toBe(false);
    const { rows } = await getPool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM web_requests WHERE batch_id = $1",
      [batchId],
    );
    expect(rows[0]!.n).toBe(6);
  });

  it("marks an uploaded binary file rejected, with its reason, and does not retry it", async () => {
    const { batchId } = await createUploadImport({
      fileName: "<img src=x onerror=alert(1)>.log",
      kind: "web_log",
      body: bodyOf(randomBytes(2048)),
      startedById: uploader.id,
    });
    expect(await finished(batchId)).toBe("rejected");
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch.status).toBe("rejected");
    expect(batch.message).toMatch(/binary/i);
    const job = await getQueue(QUEUES.imports).getJob(await importJobId(batchId));
    expect(job!.attemptsMade).toBe(1);
  });

  it("imports uploaded alerts", async () => {
    const sample = await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"));
    await getPrisma().alert.deleteMany({ where: { systemAlertId: "7f3c2a10-5b6d-4e8f-9a01-b2c3d4e5f601" } });
    const { batchId } = await createUploadImport({
      fileName: "alerts.json",
      kind: "alerts",
      body: bodyOf(sample),
      startedById: uploader.id,
    });
    expect(await finished(batchId)).toBe("completed");
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch.imported + batch.updated + batch.duplicates).toBe(2);
    expect(await getPrisma().alert.count({ where: { systemAlertId: "7f3c2a10-5b6d-4e8f-9a01-b2c3d4e5f601" } })).toBe(1);
  });

  it("runs a batch once however often it is enqueued", async () => {
    const content = `#Fields: date time s-computername c-ip cs-method cs-uri-stem sc-status\n2024-08-01 00:00:00 WEB09 192.0.2.7 GET /once.aspx 200\n#Remark: ${randomBytes(4).toString("hex")}\n`;
    const { batchId } = await createUploadImport({
      fileName: "once.log",
      kind: "web_log",
      body: bodyOf(content),
      startedById: uploader.id,
    });
    await enqueueImport({ batchId }); // same deterministic job id: no second job
    expect(await finished(batchId)).toBe("completed");
    const counts = await getQueue(QUEUES.imports).getJobCounts("completed", "waiting", "active", "delayed");
    expect((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0)).toBe(0);
    const { rows } = await getPool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM web_requests WHERE batch_id = $1",
      [batchId],
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe("REDIS_URL", () => {
  it("puts the queue in the db index the URL names, and nowhere else", async () => {
    const url = new URL(getEnv().REDIS_URL);
    const index = Number(url.pathname.slice(1) || 0);
    expect(index).not.toBe(0); // the integration run uses a non-default index on purpose
    const { Redis } = await import("ioredis");
    const inIndex = new Redis(getEnv().REDIS_URL);
    const inZero = new Redis({ host: url.hostname, port: Number(url.port || 6379), db: 0 });
    try {
      const pattern = `${getEnv().QUEUE_PREFIX}:${QUEUES.imports}:*`;
      expect((await inIndex.keys(pattern)).length).toBeGreaterThan(0);
      expect(await inZero.keys(pattern)).toEqual([]);
    } finally {
      inIndex.disconnect();
      inZero.disconnect();
    }
  });
});
