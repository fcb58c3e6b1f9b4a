// Human-readable renderings of CLI results (the --json documents are the results themselves).
import type { WebLogImportSummary } from "../lib/ingest/import-web-logs";
import type { AlertImportSummary } from "../lib/alerts/import-alerts";
import type { Stats } from "../lib/stats/get-stats";

const n = (v: number | bigint) => v.toLocaleString("en-US");

function errorLines(errors: { file: string; reason: string; line?: number | null; row?: number | null }[]): string[] {
  const shown = errors.slice(0, 50).map((e) => {
    const at = e.line ?? e.row;
    return `  ${e.file}${at != null ? `:${at}` : ""}: ${e.reason}`;
  });
  if (errors.length > 50) shown.push(`  … ${errors.length - 50} more (use --json for all)`);
  return shown;
}

export function formatWebLogSummary(s: WebLogImportSummary): string {
  return [
    `${n(s.files)} file(s): ${n(s.imported)} requests imported, ${n(s.duplicates)} duplicates, ${n(s.rejected)} file(s) rejected`,
    ...(s.errors.length ? [`${n(s.errors.length)} error(s):`, ...errorLines(s.errors)] : []),
  ].join("\n");
}

export function formatAlertSummary(s: AlertImportSummary): string {
  return [
    `${n(s.files)} file(s): ${n(s.imported)} alerts imported, ${n(s.updated)} updated, ${n(s.rejected)} file(s) rejected`,
    ...(s.errors.length ? [`${n(s.errors.length)} error(s):`, ...errorLines(s.errors)] : []),
  ].join("\n");
}

export function formatStats(s: Stats): string {
  return JSON.stringify(s, null, 2);
}
