// Imports one SecurityAlert export (JSON array, {rows}, REST tables, JSON Lines or CSV; gzip
// accepted) as one import batch. The file streams through the parser: alerts are stored
// STORE_EVERY at a time and their enrichment is queued every ENQUEUE_EVERY alerts, so memory holds
// one batch of alerts (and of ids) whatever the file's size. Bad rows are reported with their position; good rows
// import. When the job queue (Redis) is unreachable the alerts stay stored as `pending` and the
// worker's reconciler (lib/enrich/reconcile-enrichment.ts) queues them once it is back.
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import { transact } from "../transact";
import { notifyImportOutcome } from "../notifications/import-notices";
import { logger } from "../logger";
import { openInput } from "../open-input";
import { parseAlertStream } from "./parse-alert-file";
import { AlertFileRejected } from "./alert-source-row";
import { storeAlerts } from "./store-alerts";
import type { ParsedAlert } from "./parsed-alert";
import { requestEnrichment } from "../enrich/request-enrichment";
import { publishLive } from "../live/publish";

/** Alerts stored in one transaction. */
const STORE_EVERY = 200;
/** Stored alerts whose enrichment is queued together. */
const ENQUEUE_EVERY = 1000;
/** Row errors and warnings kept per file (the counts stay exact). */
const MAX_LISTED = 1000;

export interface AlertFileResult {
  batchId: number;
  file: string;
  status: "completed" | "rejected" | "failed";
  imported: number;
  updated: number;
  unchanged: number;
  errors: { row: number; reason: string }[];
  errorCount: number;
  /** Alerts imported with a problem tolerated (e.g. a `$ref` left unresolved); also stored on the alert. */
  warnings: { row: number; reason: string }[];
  warningCount: number;
  /** New or changed alerts left `pending` because the job queue was unreachable. */
  enrichmentDeferred: number;
  message: string | null;
}

export async function importAlertFile(params: {
  batchId: number;
  path: string;
  fileName?: string;
  onProgress?: (fraction: number) => void;
}): Promise<AlertFileResult> {
  const { batchId, path } = params;
  const file = params.fileName ?? basename(path);
  const prisma = getPrisma();
  const result: AlertFileResult = {
    batchId,
    file,
    status: "completed",
    imported: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    enrichmentDeferred: 0,
    message: null,
  };
  await prisma.importBatch.update({ where: { id: batchId }, data: { status: "running", startedAt: new Date() } });
  let changed: number[] = [];
  let queueReachable = true;
  /** Queues enrichment of the alerts stored since the last call; once the queue fails, stops trying. */
  const queueChanged = async () => {
    const ids = changed;
    changed = [];
    if (!ids.length) return;
    // requestEnrichment is best effort: 0 for a non-empty list means Redis did not answer.
    if (queueReachable && (await requestEnrichment(ids)) > 0) return;
    queueReachable = false;
    result.enrichmentDeferred += ids.length;
  };
  let pending: { row: number; alert: ParsedAlert }[] = [];
  const storePending = async () => {
    const batch = pending;
    pending = [];
    const stored = await storeAlerts(
      batch.map((b) => b.alert),
      batchId,
    );
    stored.forEach(({ outcome, id }, i) => {
      result[outcome]++;
      if (outcome === "unchanged") return;
      changed.push(id);
      for (const reason of batch[i]!.alert.warnings) {
        result.warningCount++;
        if (result.warnings.length < MAX_LISTED) result.warnings.push({ row: batch[i]!.row, reason });
      }
    });
    if (changed.length >= ENQUEUE_EVERY) await queueChanged();
  };
  try {
    const size = (await stat(path)).size;
    const input = await openInput(path);
    for await (const item of parseAlertStream(input.stream, file)) {
      if ("reason" in item) {
        result.errorCount++;
        if (result.errors.length < MAX_LISTED) result.errors.push(item);
        continue;
      }
      // A second row of one alert waits for the first to be stored: the newest then wins as if in order.
      if (pending.some((p) => p.alert.systemAlertId === item.alert.systemAlertId)) await storePending();
      pending.push({ row: item.row, alert: item.alert });
      if (pending.length >= STORE_EVERY) await storePending();
      if (size > 0) params.onProgress?.(Math.min(1, input.rawBytesRead() / size));
    }
    await storePending();
    await queueChanged();
    if (result.enrichmentDeferred) {
      logger.warn("alerts stored; enrichment will be queued when the job queue is reachable", {
        file,
        alerts: result.enrichmentDeferred,
      });
    }
    if (result.unchanged)
      logger.info("alert rows not newer than the stored alert were ignored", { file, count: result.unchanged });
  } catch (err) {
    // What was stored stays stored, and is queued (or left for the reconciler).
    await queueChanged().catch(() => undefined);
    if (err instanceof AlertFileRejected) {
      result.status = "rejected";
      result.message = err.message;
    } else {
      result.status = "failed";
      result.message = `import failed: ${err instanceof Error ? err.message : String(err)}`;
      logger.error("alert import failed", { batchId, file, error: result.message });
    }
  }
  await transact(async (tx, after) => {
    const batch = await tx.importBatch.update({
      where: { id: batchId },
      data: {
        status: result.status,
        imported: result.imported,
        updated: result.updated,
        duplicates: result.unchanged,
        errorCount: result.errorCount,
        errors: result.errors as Prisma.InputJsonValue,
        message: result.message,
        progress: 1,
        finishedAt: new Date(),
        format: "security-alert",
      },
    });
    // A failed import is retried: its starter hears of it when it has failed for good.
    if (result.status !== "failed") {
      await notifyImportOutcome(tx, after, { ...batch, status: result.status, duplicates: batch.duplicates });
    }
  });
  if (result.imported + result.updated > 0) {
    await publishLive([
      { topic: "alerts", kind: "alerts.imported", data: { batchId, count: result.imported + result.updated } },
    ]);
  }
  return result;
}
