// Runs a queued import batch (an uploaded file) — the import worker's whole job. Idempotent: a
// batch that already finished is left alone, so a duplicated or retried job changes nothing twice.
// A batch left `running` by a killed worker is simply run again: a web log is imported in one
// transaction, so the killed attempt left no rows behind.
import { rm } from "node:fs/promises";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { importWebLogFile } from "./import-web-log-file";
import { importAlertFile } from "../alerts/import-alert-file";
import { announceNotifications } from "../notifications/notify";
import { notifyImportOutcome } from "../notifications/import-notices";
import { transact } from "../transact";

export type RunImportOutcome = "completed" | "rejected" | "failed" | "skipped";

export async function runImportBatch(
  batchId: number,
  onProgress?: (fraction: number) => void,
): Promise<RunImportOutcome> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError("not_found", `import batch ${batchId} does not exist`);
  if (batch.status === "completed" || batch.status === "rejected") return "skipped";
  if (!batch.storedPath) throw new AppError("bad_request", `import batch ${batchId} has no stored file`);

  const result =
    batch.kind === "web_log"
      ? await importWebLogFile({
          batchId,
          path: batch.storedPath,
          fileName: batch.fileName,
          host: batch.hostGiven ?? undefined,
          site: batch.siteGiven ?? undefined,
          onProgress,
        })
      : await importAlertFile({ batchId, path: batch.storedPath, fileName: batch.fileName, onProgress });

  // A web log's batch and its notice were written by its COPY transaction (pg): tell the starter.
  if (batch.kind === "web_log" && result.status !== "failed") await announceBatchNotices(batchId);
  // Keep the file while a retry may still need it.
  if (result.status !== "failed") await rm(batch.storedPath, { force: true });
  return result.status;
}

/**
 * Called once the import's job has failed for good (last attempt, a crash loop, a bad payload):
 * the batch says `failed` with the reason instead of staying `queued` or `running`, and its
 * uploaded file is removed since no retry will read it. Idempotent; a finished batch is untouched.
 */
export async function markImportFailed(batchId: number, reason: string): Promise<void> {
  const batch = await transact(async (tx, after) => {
    // A batch the import itself marked failed already says why, better than the job's error does.
    await tx.importBatch.updateMany({
      where: { id: batchId, status: { in: ["queued", "running"] } },
      data: { status: "failed", message: `import failed: ${reason}`.slice(0, 2000), finishedAt: new Date() },
    });
    const b = await tx.importBatch.findUnique({ where: { id: batchId } });
    // Told once, though the job's end may be reported more than once.
    if (b?.status === "failed" && (await tx.notification.count({ where: { importBatchId: batchId } })) === 0) {
      await notifyImportOutcome(tx, after, { ...b, status: "failed" });
    }
    return b;
  });
  if (batch?.storedPath) await rm(batch.storedPath, { force: true });
}

async function announceBatchNotices(batchId: number): Promise<void> {
  try {
    const notices = await getPrisma().notification.findMany({
      where: { importBatchId: batchId },
      select: { id: true, userId: true, emailState: true },
    });
    await announceNotifications(notices);
  } catch (err) {
    logger.warn("import notice not announced", { batchId, error: err instanceof Error ? err.message : String(err) });
  }
}
