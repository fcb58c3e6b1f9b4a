import { UnrecoverableError, type Job } from "bullmq";
import { importJobSchema } from "../../lib/jobs/queues";
import { runImportBatch } from "../../lib/ingest/run-import-batch";
import { getPrisma } from "../../lib/db";
import { IMPORT_PROGRESS } from "../../lib/live/kinds";
import { publishLive } from "../../lib/live/publish";
import { logger } from "../../lib/logger";

export async function processImport(job: Job): Promise<string> {
  const parsed = importJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid import job payload: ${parsed.error.message}`);
  const { batchId } = parsed.data;
  let last = 0;
  let outcome: Awaited<ReturnType<typeof runImportBatch>> | "error" = "error";
  try {
    outcome = await runImportBatch(batchId, (fraction) => {
      // Progress goes to the job (CLI/queue views), the batch row (the Imports page's next load)
      // and the Imports pages open now (a live event), at most once per percent.
      const pct = Math.floor(fraction * 100);
      if (pct <= last) return;
      last = pct;
      job
        .updateProgress(pct)
        .catch((err: unknown) => logger.warn("progress not saved", { batchId, error: String(err) }));
      // Writes in flight may commit out of order: a later, smaller value never replaces a larger.
      getPrisma()
        .importBatch.updateMany({ where: { id: batchId, progress: { lt: fraction } }, data: { progress: fraction } })
        .catch((err: unknown) => logger.warn("progress not saved", { batchId, error: String(err) }));
      void publishLive([{ topic: "imports", kind: IMPORT_PROGRESS, data: { id: batchId, progress: pct / 100 } }]);
    });
  } finally {
    // The row says how it ended (completed, rejected, failed, or running again on a retry).
    await publishLive([{ topic: "imports", kind: "import.finished", data: { id: batchId, outcome } }]);
  }
  // A failure (database down, disk error) is retried with backoff; a rejection is final.
  if (outcome === "failed") throw new Error(`import ${batchId} failed; see the import's message`);
  return outcome;
}
