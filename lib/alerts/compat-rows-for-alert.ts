// What the Sentinel hunting queries ("Web shell command / file alert enrichment", run by
// lib/enrich/load-compat-input.ts with their defects) return for one alert, for the side-by-side
// view on the alert page: the query runs over the alert's TimeGenerated ± 1 day, and the rows
// that belong to this alert are picked from its output. When none do — the common case — the
// stored data is checked for the usual reasons, so the page can say why.
import { evaluateSentinelCompat } from "../enrich/load-compat-input";
import { lastSegments } from "../enrich/kql-has";
import { resolveWebHosts } from "../enrich/resolve-web-hosts";
import {
  bin30s,
  DISTINCT_IP_THRESHOLD,
  KEY_REACH_MS,
  type CommandCompatRow,
  type FileCompatRow,
} from "../enrich/sentinel-compat";
import type { AlertKind } from "../generated/prisma/enums";

const DAY = 86_400_000;

export interface CompatAlertInput {
  kind: AlertKind;
  timeGenerated: Date;
  hosts: { hostName: string | null; dnsDomain: string | null; fqdn: string | null }[];
  files: { name: string | null }[];
  processes: { commandLine: string | null; creationTimeUtc: Date | null; imageFile: { name: string | null } | null }[];
  finding: { shellLocation: string; shellName: string; processCreatedAt: Date | null } | null;
}

export type CompatRowsForAlert =
  | { query: null; from: Date; to: Date; reasons: string[] }
  | {
      query: "command";
      from: Date;
      to: Date;
      rows: CommandCompatRow[];
      /** Rows the query returned over the range for every alert. */
      totalRows: number;
      /** When rows is empty: why, as far as the stored data tells. */
      reasons: string[];
    }
  | { query: "file"; from: Date; to: Date; rows: FileCompatRow[]; totalRows: number; reasons: string[] };

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();
const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export async function compatRowsForAlert(alert: CompatAlertInput): Promise<CompatRowsForAlert> {
  const t = alert.timeGenerated.getTime();
  const from = new Date(t - DAY);
  const to = new Date(t + DAY);
  if (alert.kind === "other") {
    return {
      query: null,
      from,
      to,
      reasons: [
        "Shellcase did not classify this alert as a web shell command or file alert, so neither query is shown for it.",
      ],
    };
  }
  const result = await evaluateSentinelCompat({ from, to });

  if (alert.kind === "command") {
    const hostNames = new Set(alert.hosts.map((h) => h.hostName).filter((h): h is string => !!h));
    const commandLines = new Set(alert.processes.map((p) => p.commandLine).filter((c): c is string => !!c));
    const rows = result.commandAlertEnrichment.filter(
      (r) => hostNames.has(r.HostName) && commandLines.has(r.CommandLine),
    );
    return {
      query: "command",
      from,
      to,
      rows,
      totalRows: result.commandAlertEnrichment.length,
      reasons: rows.length ? [] : await whyNoCommandRows(alert, [...hostNames]),
    };
  }

  const names = new Set(alert.files.map((f) => f.name).filter((n): n is string => !!n && lower(n) !== "w3wp.exe"));
  const rows = result.fileAlertEnrichment.filter((r) => names.has(lastSegments(r.ShellLocation).fileName));
  return {
    query: "file",
    from,
    to,
    rows,
    totalRows: result.fileAlertEnrichment.length,
    reasons: rows.length ? [] : whyNoFileRows(alert, [...names]),
  };
}

async function whyNoCommandRows(alert: CompatAlertInput, hostNames: string[]): Promise<string[]> {
  const reasons: string[] = [];
  const logHosts = await resolveWebHosts(alert.hosts);
  const exact = hostNames.filter((h) => logHosts.includes(h));
  if (hostNames.length === 0) {
    reasons.push("The alert has no host entity with a HostName, and the query joins on it.");
  } else if (logHosts.length === 0) {
    reasons.push(`No imported web log names host ${hostNames.join(", ")} (s-computername).`);
  } else if (exact.length === 0) {
    reasons.push(
      `The query joins the alert's HostName with the log's sComputerName case-sensitively: the alert names ` +
        `${hostNames.join(", ")}, the web logs name ${logHosts.join(", ")}, so no request can match.`,
    );
  }

  const key = bin30s(alert.timeGenerated.getTime());
  const windowText = `requests from ${hhmmss(key)} to ${hhmmss(key + KEY_REACH_MS - 1000)} UTC`;
  const ran = alert.finding?.processCreatedAt ?? suspiciousProcessTime(alert);
  // A command runs just after the request that carries it: run before the window, request before it too.
  if (ran && ran.getTime() < key) {
    const lag = Math.round((alert.timeGenerated.getTime() - ran.getTime()) / 1000);
    reasons.push(
      `It keys on the alert's TimeGenerated (${hhmmss(alert.timeGenerated.getTime())}), not on when the process ran ` +
        `(${hhmmss(ran.getTime())}, ${lag} s earlier): it only looks at ${windowText}, ` +
        `which misses the request that ran the command.`,
    );
  } else {
    reasons.push(`It keys on the alert's TimeGenerated and only looks at ${windowText}.`);
  }
  reasons.push(
    "It keeps only client groups whose first and last request to a page in that window are the same instant " +
      "(its min/max filter is inverted), so a shell used twice within 90 s drops out; and only pages requested by " +
      `at most ${DISTINCT_IP_THRESHOLD} distinct client IPs over the range.`,
  );
  return reasons;
}

/** When the command the alert is about ran: the earliest process with a command line that is not w3wp.exe. */
function suspiciousProcessTime(alert: CompatAlertInput): Date | null {
  const times = alert.processes
    .filter((p) => p.commandLine && lower(p.imageFile?.name) !== "w3wp.exe" && p.creationTimeUtc)
    .map((p) => p.creationTimeUtc!.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

function whyNoFileRows(alert: CompatAlertInput, names: string[]): string[] {
  if (names.length === 0) return ["The alert has no file entity with a script name, which the query starts from."];
  const reasons = [
    `The query compares the file name (${names.join(", ")}) with the last segment of every script request's path, ` +
      "case-sensitively, with no host or time condition; no request in the range ends in that name.",
  ];
  const shell = alert.finding?.shellName;
  if (shell && !names.includes(shell) && names.some((n) => lower(n) === lower(shell))) {
    reasons.push(
      `The web log requests the shell as ${alert.finding!.shellLocation}: the name differs only in case, which ` +
        "the query's join does not forgive.",
    );
  }
  return reasons;
}
