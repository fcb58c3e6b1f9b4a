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
}

export async function importAlerts(
  paths: string[],
  opts: { onFileDone?: (r: AlertFileResult) => void } = {},
): Promise<AlertImportSummary> {
  const summary: AlertImportSummary = { files: 0, imported: 0, updated: 0, rejected: 0, errors: [] };
  for (const entry of await expandPaths(paths)) {
    summary.files++;
    if (entry.error) {
      summary.rejected++;
      summary.errors.push({ file: entry.path, row: null, reason: entry.error });
      continue;
    }
    const batch = await getPrisma().importBatch.create({
      data: { kind: "alerts", fileName: entry.path, status: "queued" },
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
  }
  return summary;
}
