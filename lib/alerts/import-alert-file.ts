// Imports one SecurityAlert export (JSON array, {rows}, REST tables, JSON Lines or CSV; gzip
// accepted) as one import batch. Bad rows are reported with their position; good rows import.
import { readFile, stat } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { basename } from "node:path";
import { getPrisma } from "../db";
import { logger } from "../logger";
import { parseAlertFile, AlertFileRejected } from "./parse-alert-file";
import { storeAlert } from "./store-alerts";
import { requestEnrichment } from "../enrich/request-enrichment";

/** Alert exports are read whole; beyond this size we refuse rather than exhaust memory. */
const MAX_ALERT_FILE_BYTES = 512 * 1024 * 1024;

export interface AlertFileResult {
  batchId: number;
  file: string;
  status: "completed" | "rejected" | "failed";
  imported: number;
  updated: number;
  unchanged: number;
  errors: { row: number; reason: string }[];
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
    message: null,
  };
  await prisma.importBatch.update({ where: { id: batchId }, data: { status: "running", startedAt: new Date() } });
  try {
    const size = (await stat(path)).size;
    if (size > MAX_ALERT_FILE_BYTES)
      throw new AlertFileRejected(`alert file is over ${MAX_ALERT_FILE_BYTES / 1024 / 1024} MiB; split it`);
    let bytes = await readFile(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const parsed = parseAlertFile(bytes.toString("utf8"), file);
    result.errors = parsed.errors;
    const changed: number[] = [];
    for (const [i, alert] of parsed.alerts.entries()) {
      const { outcome, id } = await storeAlert(alert, batchId);
      result[outcome]++;
      if (outcome !== "unchanged") changed.push(id);
      params.onProgress?.((i + 1) / parsed.alerts.length);
    }
    // New or changed alerts are enriched (best effort: see requestEnrichment).
    await requestEnrichment(changed);
    if (result.unchanged)
      logger.info("alert rows not newer than the stored alert were ignored", { file, count: result.unchanged });
  } catch (err) {
    if (err instanceof AlertFileRejected) {
      result.status = "rejected";
      result.message = err.message;
    } else {
      result.status = "failed";
      result.message = `import failed: ${err instanceof Error ? err.message : String(err)}`;
      logger.error("alert import failed", { batchId, file, error: result.message });
    }
  }
  await prisma.importBatch.update({
    where: { id: batchId },
    data: {
      status: result.status,
      imported: result.imported,
      updated: result.updated,
      duplicates: result.unchanged,
      errorCount: result.errors.length,
      errors: result.errors,
      message: result.message,
      progress: 1,
      finishedAt: new Date(),
      format: "security-alert",
    },
  });
  return result;
}
