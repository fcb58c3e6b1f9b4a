// The CLI's `import alerts`: every file under the given paths, one import batch each.
import { getPrisma } from "../db";
import { expandPaths } from "../expand-paths";
import { importAlertFile, type AlertFileResult } from "./import-alert-file";

export interface AlertImportSummary {
  files: number;
  imported: number;
  updated: number;
  rejected: number;
  errors: { file: string; row: number | null; reason: string }[];
  /** Alerts imported with a problem tolerated (a `$ref` left unresolved, Entities not JSON). */
  warnings: { file: string; row: number; reason: string }[];
  /** Alerts stored but not queued for enrichment (Redis unreachable); the worker queues them later. */
  enrichmentDeferred: number;
}

export async function importAlerts(
  paths: string[],
  opts: {
    onFileDone?: (r: AlertFileResult) => void;
    /** Recorded on each import batch as who started it, e.g. `cli:alice`. */
    startedBy?: string;
  } = {},
): Promise<AlertImportSummary> {
  const summary: AlertImportSummary = {
    files: 0,
    imported: 0,
    updated: 0,
    rejected: 0,
    errors: [],
    warnings: [],
    enrichmentDeferred: 0,
  };
  for (const entry of await expandPaths(paths)) {
    summary.files++;
    if (entry.error) {
      summary.rejected++;
      summary.errors.push({ file: entry.path, row: null, reason: entry.error });
      continue;
    }
    const batch = await getPrisma().importBatch.create({
      data: { kind: "alerts", fileName: entry.path, status: "queued", startedByLabel: opts.startedBy ?? null },
    });
    const r = await importAlertFile({ batchId: batch.id, path: entry.path, fileName: entry.path });
    opts.onFileDone?.(r);
    summary.imported += r.imported;
    summary.updated += r.updated;
    if (r.status !== "completed") {
      summary.rejected++;
      summary.errors.push({ file: r.file, row: null, reason: r.message ?? r.status });
    }
    for (const e of r.errors) summary.errors.push({ file: r.file, row: e.row, reason: e.reason });
    for (const w of r.warnings) summary.warnings.push({ file: r.file, row: w.row, reason: w.reason });
    summary.enrichmentDeferred += r.enrichmentDeferred;
  }
  return summary;
}
