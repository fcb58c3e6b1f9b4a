// Accepts an uploaded file from the web app: stores it in UPLOAD_DIR, records an import batch
// and enqueues the import job (the worker does the import, so uploads return at once).
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getEnv } from "../env";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { enqueueImport, importJobId } from "../jobs/queues";

export interface CreateUploadImportInput {
  fileName: string;
  kind: "web_log" | "alerts";
  body: ReadableStream<Uint8Array>;
  host?: string;
  site?: string;
}

export async function createUploadImport(input: CreateUploadImportInput): Promise<{ batchId: number }> {
  const env = getEnv();
  const dir = resolve(env.UPLOAD_DIR);
  await mkdir(dir, { recursive: true });
  // The stored name never derives from the user's file name (path traversal, odd bytes).
  const storedPath = join(dir, `${randomUUID()}.upload`);
  const limit = env.UPLOAD_MAX_MB * 1024 * 1024;
  let size = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit)
        cb(new AppError("payload_too_large", `${input.fileName} is larger than ${env.UPLOAD_MAX_MB} MiB`));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(input.body as unknown as WebReadableStream<Uint8Array>),
      guard,
      createWriteStream(storedPath),
    );
  } catch (err) {
    await rm(storedPath, { force: true });
    throw err;
  }
  const batch = await getPrisma().importBatch.create({
    data: {
      kind: input.kind,
      fileName: input.fileName.slice(0, 1024),
      size,
      hostGiven: input.host || null,
      siteGiven: input.site || null,
      status: "queued",
      storedPath,
    },
    select: { id: true },
  });
  try {
    await enqueueImport({ batchId: batch.id });
  } catch (err) {
    // Without a job the batch would sit "queued" for ever: say what happened, keep nothing.
    await getPrisma().importBatch.update({
      where: { id: batch.id },
      data: {
        status: "failed",
        message: "could not queue the import: the job queue is unreachable",
        finishedAt: new Date(),
      },
    });
    await rm(storedPath, { force: true });
    throw err;
  }
  await getPrisma().importBatch.update({ where: { id: batch.id }, data: { jobId: importJobId(batch.id) } });
  return { batchId: batch.id };
}
