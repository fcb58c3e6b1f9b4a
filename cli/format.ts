// Human-readable renderings of CLI results (the --json documents are the results themselves).
import type { WebLogImportSummary } from "../lib/ingest/import-web-logs";
import type { AlertImportSummary } from "../lib/alerts/import-alerts";
import type { Stats } from "../lib/stats/get-stats";
import type { FindingView } from "../lib/enrich/find-findings";
import type { AttackerExport } from "../lib/attackers/export-attackers";

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

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + "Z" : "—");

export function formatStats(s: Stats): string {
  const lines = [
    `Requests   ${n(s.requests)} from ${n(s.hosts)} host(s), ${n(s.sites)} site(s)`,
    `Time range ${when(s.firstRequestAt)} → ${when(s.lastRequestAt)}`,
    `Alerts     ${n(s.alerts)}` +
      (s.alertsByProvider.length
        ? ` (${s.alertsByProvider.map((p) => `${p.providerName ?? "no provider"}: ${n(p.count)}`).join(", ")})`
        : ""),
    `Imports    ${
      Object.entries(s.importsByStatus)
        .filter(([, c]) => c > 0)
        .map(([status, c]) => `${status}: ${n(c)}`)
        .join(", ") || "none"
    }`,
  ];
  if (s.topSources.length) {
    lines.push("", "Busiest host/site:");
    for (const src of s.topSources) {
      lines.push(
        `  ${(src.host || "(no host)").padEnd(24)} ${(src.site || "(no site)").padEnd(12)} ${n(src.requests).padStart(12)}  ${when(src.firstTime)} → ${when(src.lastTime)}`,
      );
    }
  }
  return lines.join("\n");
}

export function formatFindings(findings: FindingView[]): string {
  if (!findings.length) return "No findings yet (run: npm run -s cli -- enrich --wait).";
  return findings
    .map((f) =>
      [
        `${f.caseId ?? "(no case)"}  ${f.kind} alert ${f.alertId}  confidence ${f.confidence}`,
        `  shell     ${f.hostName} ${f.site ?? ""} ${f.shellLocation}`,
        ...(f.commandLine ? [`  command   ${f.commandLine}`] : []),
        `  attackers ${f.attackers.map((a) => `${a.ip ?? "?"} ${a.userAgent ?? ""}`).join("; ")}`,
        `  first use ${f.firstShellAccess ?? "—"}` +
          (f.installedVia
            ? `  installed via ${f.installedVia.method} ${f.installedVia.uri} at ${f.installedVia.time}`
            : ""),
        ...f.reasons.map((r) => `  - ${r}`),
      ].join("\n"),
    )
    .join("\n\n");
}

const isoWhen = (iso: string | null) => when(iso === null ? null : new Date(iso));

/** One block per profile: a header row of the table, then its user agent and where it was seen. */
export function formatAttackers(attackers: AttackerExport[]): string {
  if (!attackers.length) return "No attacker profiles yet (enrichment creates them from findings).";
  const header = `${"ID".padEnd(6)} ${"IP".padEnd(39)} ${"FIRST SEEN".padEnd(20)} ${"LAST SEEN".padEnd(20)} CASES`;
  const rows = attackers.map((a) =>
    [
      `${String(a.id).padEnd(6)} ${(a.ip || "(no IP)").padEnd(39)} ${isoWhen(a.firstSeen).padEnd(20)} ${isoWhen(a.lastSeen).padEnd(20)} ${a.cases.join(", ") || "—"}`,
      `       user agent ${a.userAgent || "(none)"}`,
      `       hosts      ${a.hosts.join(", ") || "—"}${a.sites.length ? `  (sites ${a.sites.join(", ")})` : ""}`,
      ...a.shells.map((s) => `       shell      ${s}`),
      ...(a.members ?? []).map(
        (m) => `       merged     #${m.id} ${m.ip || "(no IP)"} ${m.userAgent || "(no user agent)"}`,
      ),
    ].join("\n"),
  );
  return [header, ...rows].join("\n");
}
