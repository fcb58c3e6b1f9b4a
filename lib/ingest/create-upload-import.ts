// Accepts uploaded files from the web app: each is streamed to UPLOAD_DIR (never held in
// memory), then recorded as an import batch and queued for the import worker, so uploads return
// at once whatever their size.
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
import { publishLive } from "../live/publish";

export type UploadKind = "web_log" | "alerts";

export interface StagedUpload {
  fileName: string;
  storedPath: string;
  size: number;
}

/**
 * Streams one upload to UPLOAD_DIR under a random name (never derived from the user's file
 * name), failing with 413 past UPLOAD_MAX_MB. Nothing is recorded yet.
 */
export async function stageUpload(
  fileName: string,
  body: ReadableStream<Uint8Array> | Readable,
): Promise<StagedUpload> {
  const env = getEnv();
  const dir = resolve(env.UPLOAD_DIR);
  await mkdir(dir, { recursive: true });
  const storedPath = join(dir, `${randomUUID()}.upload`);
  const limit = env.UPLOAD_MAX_MB * 1024 * 1024;
  let size = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit)
        cb(
          new AppError("payload_too_large", `"${fileName}" is larger than the ${env.UPLOAD_MAX_MB} MiB upload limit.`),
        );
      else cb(null, chunk);
    },
  });
  const source = body instanceof Readable ? body : Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
  try {
    await pipeline(source, guard, createWriteStream(storedPath));
  } catch (err) {
    await rm(storedPath, { force: true });
    throw err;
  }
  return { fileName: fileName.slice(0, 1024), storedPath, size };
}

/** Removes staged files that will not be imported (the request failed part-way). */
export async function discardStagedUploads(staged: StagedUpload[]): Promise<void> {
  await Promise.all(staged.map((s) => rm(s.storedPath, { force: true })));
}

/** Records a staged upload as an import batch and queues its import. */
export async function queueStagedUpload(
  staged: StagedUpload,
  opts: { kind: UploadKind; host?: string; site?: string; startedById: number | null },
): Promise<{ batchId: number }> {
  const batch = await getPrisma().importBatch.create({
    data: {
      kind: opts.kind,
      fileName: staged.fileName,
      size: staged.size,
      hostGiven: opts.host || null,
      siteGiven: opts.site || null,
      status: "queued",
      storedPath: staged.storedPath,
      startedById: opts.startedById,
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
    await rm(staged.storedPath, { force: true });
    throw err;
  }
  await getPrisma().importBatch.update({ where: { id: batch.id }, data: { jobId: await importJobId(batch.id) } });
  await publishLive([{ topic: "imports", kind: "import.queued", data: { id: batch.id } }]);
  return { batchId: batch.id };
}

export interface CreateUploadImportInput {
  fileName: string;
  kind: UploadKind;
  body: ReadableStream<Uint8Array> | Readable;
  host?: string;
  site?: string;
  /** The signed-in user (or API token owner) who uploaded it; null only for the bench and tests. */
  startedById: number | null;
}

/** Stages and queues one upload. */
export async function createUploadImport(input: CreateUploadImportInput): Promise<{ batchId: number }> {
  const staged = await stageUpload(input.fileName, input.body);
  return queueStagedUpload(staged, input);
}
