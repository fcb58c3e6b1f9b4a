// The CLI's `import web-logs`: every file under the given paths, one import batch each.
import { getPool } from "../db";
import { expandPaths } from "../expand-paths";
import { importWebLogFile, MAX_STORED_ERRORS, type WebLogFileResult } from "./import-web-log-file";

export interface WebLogImportSummary {
  files: number;
  imported: number;
  duplicates: number;
  rejected: number;
  errors: { file: string; line: number | null; reason: string }[];
}

export interface ImportWebLogsOptions {
  host?: string;
  site?: string;
  /** Recorded on each import batch as who started it, e.g. `cli:alice`. */
  startedBy?: string;
  onFileStart?: (file: string, index: number, total: number) => void;
  onProgress?: (file: string, fraction: number) => void;
  onFileDone?: (result: WebLogFileResult) => void;
}

export async function importWebLogs(paths: string[], opts: ImportWebLogsOptions = {}): Promise<WebLogImportSummary> {
  const summary: WebLogImportSummary = { files: 0, imported: 0, duplicates: 0, rejected: 0, errors: [] };
  const files = await expandPaths(paths);
  for (const [index, entry] of files.entries()) {
    summary.files++;
    if (entry.error) {
      summary.rejected++;
      summary.errors.push({ file: entry.path, line: null, reason: entry.error });
      continue;
    }
    opts.onFileStart?.(entry.path, index, files.length);
    // Plain SQL, like the importer itself: a web log import never instantiates the Prisma
    // client, which would add ~60 MB to the importer's footprint (see the benchmark).
    const { rows } = await getPool().query<{ id: number }>(
      `INSERT INTO import_batches (kind, file_name, host_given, site_given, status, started_by_label)
       VALUES ('web_log', $1, $2, $3, 'queued', $4) RETURNING id`,
      [entry.path, opts.host ?? null, opts.site ?? null, opts.startedBy ?? null],
    );
    const result = await importWebLogFile({
      batchId: rows[0]!.id,
      path: entry.path,
      fileName: entry.path,
      host: opts.host,
      site: opts.site,
      onProgress: (f) => opts.onProgress?.(entry.path, f),
    });
    opts.onFileDone?.(result);
    addToSummary(summary, result);
  }
  return summary;
}

export function addToSummary(summary: WebLogImportSummary, r: WebLogFileResult): void {
  summary.imported += r.imported;
  summary.duplicates += r.duplicates;
  if (r.status !== "completed") {
    summary.rejected++;
    summary.errors.push({ file: r.file, line: null, reason: r.message ?? r.status });
    return;
  }
  for (const e of r.errors) summary.errors.push({ file: r.file, line: e.line, reason: e.reason });
  if (r.errorCount > r.errors.length) {
    summary.errors.push({
      file: r.file,
      line: null,
      reason: `${r.errorCount - r.errors.length} more line errors not listed (the first ${MAX_STORED_ERRORS} are)`,
    });
  }
}
