// Human-readable renderings of CLI results (the --json documents are the results themselves).
import type { WebLogImportSummary } from "../lib/ingest/import-web-logs";
import type { AlertImportSummary } from "../lib/alerts/import-alerts";
import type { Stats } from "../lib/stats/get-stats";
import type { FindingView } from "../lib/findings/find-findings";
import type { AttackerExport } from "../lib/attackers/export-attackers";
import type { PivotParams } from "../lib/pivots/pivot-params";
import type { AttackerElsewhere, AttackerTimeline, FirstAccess, PivotRequest } from "../lib/pivots/pivot-result";
import type { QueryComparison, RowStatus, WorkspaceCompatReport } from "../lib/enrich/compare-workspace-compat";
import type { CommandCompatRow, FileCompatRow } from "../lib/enrich/sentinel-compat";

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
    ...(s.enrichmentDeferred
      ? [
          `stored ${n(s.enrichmentDeferred)} alert(s) without queueing their enrichment: the job queue (Redis) is unreachable; the worker queues them when it is (nothing to re-run)`,
        ]
      : []),
    ...(s.warnings.length ? [`${n(s.warnings.length)} warning(s):`, ...errorLines(s.warnings)] : []),
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
      `       user agent ${a.userAgent ? printable(a.userAgent) : "(none)"}`,
      `       hosts      ${a.hosts.join(", ") || "—"}${a.sites.length ? `  (sites ${a.sites.join(", ")})` : ""}`,
      ...a.shells.map((s) => `       shell      ${printable(s)}`),
      ...(a.members ?? []).map(
        (m) =>
          `       merged     #${m.id} ${m.ip || "(no IP)"} ${m.userAgent ? printable(m.userAgent) : "(no user agent)"}`,
      ),
    ].join("\n"),
  );
  return [header, ...rows].join("\n");
}

/** Attacker-controlled text (URIs, user agents) on a terminal: control characters shown escaped. */
function printable(s: string | null | undefined): string {
  if (s == null) return "-";
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

const pivotWhen = (iso: string) => iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z");

export function formatPivot(
  p: PivotParams,
  doc: {
    firstAccess: FirstAccess | null;
    filesBefore: PivotRequest[];
    timeline?: AttackerTimeline;
    elsewhere?: AttackerElsewhere;
  },
): string {
  const who = [p.ip && `IP ${p.ip}`, p.userAgent && `user agent ${printable(p.userAgent)}`]
    .filter(Boolean)
    .join(" and ");
  const lines = [
    `Attacker ${who} on ${printable(p.host)} ${printable(p.site)}, anchored at ${pivotWhen(p.anchor)}`,
    `First access (lookback ${p.lookback}): ${
      doc.firstAccess
        ? `${pivotWhen(doc.firstAccess.time)}  ${printable(doc.firstAccess.site)}  ${printable(doc.firstAccess.uri)}`
        : "none"
    }`,
    "",
    `${p.allRequests ? "Requests" : "Script requests"} in the ${p.window} before the anchor (${n(doc.filesBefore.length)}):`,
  ];
  if (!doc.filesBefore.length) lines.push("  none");
  else {
    lines.push(
      `  ${"TIME".padEnd(20)} ${"METHOD".padEnd(7)} ${"STATUS".padEnd(6)} ${"IP".padEnd(15)} URI  (USER AGENT)`,
    );
    for (const r of doc.filesBefore) {
      lines.push(
        `  ${pivotWhen(r.time).padEnd(20)} ${printable(r.method).padEnd(7)} ${String(r.status ?? "-").padEnd(6)} ${printable(r.ip).padEnd(15)} ${printable(r.uri)}  (${printable(r.userAgent)})`,
      );
    }
  }
  if (doc.timeline) {
    const t = doc.timeline;
    lines.push(
      "",
      `Timeline ${pivotWhen(t.from)} → ${pivotWhen(t.to)}: ${n(t.requests.length)} request(s)${t.truncated ? " (truncated: nearest the anchor kept)" : ""}, ${n(t.bursts.length)} 404 burst(s)`,
    );
    for (const b of t.bursts)
      lines.push(`  burst ${b.index + 1}: ${n(b.count)} 404s ${pivotWhen(b.start)} → ${pivotWhen(b.end)}`);
    for (const r of t.requests) {
      const marks = [r.upload ? "UPLOAD" : r.write ? "WRITE" : "", r.burst !== null ? `BURST${r.burst + 1}` : ""]
        .filter(Boolean)
        .join(",");
      lines.push(
        `  ${pivotWhen(r.time).padEnd(20)} ${printable(r.method).padEnd(7)} ${String(r.status ?? "-").padEnd(6)} ${marks.padEnd(14)} ${printable(r.uri)}`,
      );
    }
  }
  if (doc.elsewhere) {
    const e = doc.elsewhere;
    lines.push(
      "",
      `Elsewhere ${pivotWhen(e.from)} → ${pivotWhen(e.to)}${e.truncated ? " (truncated: counts are lower bounds)" : ""}:`,
    );
    if (!e.sites.length) lines.push("  none");
    for (const s of e.sites) {
      lines.push(
        `  ${printable(s.host).padEnd(16)} ${printable(s.site).padEnd(10)} ${n(s.requests).padStart(8)}  ${pivotWhen(s.first)} → ${pivotWhen(s.last)}`,
      );
    }
  }
  return lines.join("\n");
}

const MARK: Record<RowStatus, string> = { same: "=", differs: "≠", "workspace-only": "W", "shellcase-only": "S" };

function comparisonLines<T>(
  q: QueryComparison<T>,
  describe: (r: T) => string,
  value: (r: T, column: string) => unknown,
): string[] {
  const c = q.counts;
  const lines = [
    `${q.name} (${q.id})`,
    `  workspace ${n(q.workspaceRows)} row(s), Shellcase ${n(q.shellcaseRows)}: ${c.same} same, ${c.differs} differ, ` +
      `${c["workspace-only"]} in the workspace only, ${c["shellcase-only"]} in Shellcase only`,
  ];
  if (q.partial) lines.push(`  the workspace answered in part (${printable(q.partial)}): its rows are not all of them`);
  for (const r of q.rows) {
    lines.push(`  ${MARK[r.status]} ${describe((r.workspace ?? r.shellcase)!)}`);
    for (const col of r.differences)
      lines.push(
        `      ${col}: workspace ${printable(JSON.stringify(value(r.workspace!, col)))}, ` +
          `Shellcase ${printable(JSON.stringify(value(r.shellcase!, col)))}`,
      );
  }
  return lines;
}

/** `sentinel-compat --source`: both hunting queries, the workspace's rows beside Shellcase's. */
export function formatWorkspaceCompat(r: WorkspaceCompatReport): string {
  return [
    `Source ${r.source.id} "${printable(r.source.name)}", ${r.from} … ${r.to}`,
    "  = same   ≠ differs (the columns below it)   W workspace only   S Shellcase only",
    "",
    ...comparisonLines(
      r.commandAlertEnrichment,
      (x) =>
        `${x.timestamp}  ${printable(x.HostName)}  ${printable(x.ShellLocation)}  ${printable(x.IPCustomEntity)}  ` +
        `${printable(x.ParentProcess)}  ${printable(x.CommandLine)}`,
      (x, col) => x[col as keyof CommandCompatRow],
    ),
    "",
    ...comparisonLines(
      r.fileAlertEnrichment,
      (x) =>
        `${x.StartTime} … ${x.EndTime}  ${printable(x.SiteName)}  ${printable(x.ShellLocation)}  ` +
        `${printable(x.AttackerIP)}  ${printable(x.AttackerUserAgent)}`,
      (x, col) => x[col as keyof FileCompatRow],
    ),
  ].join("\n");
}
