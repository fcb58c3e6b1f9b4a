// Shellcase command line: `npm run -s cli -- <command>`. With --json, stdout carries exactly one
// JSON document and everything else goes to stderr.
import { parseArgs } from "node:util";
import { getEnv, ConfigError } from "../lib/env";
import { closeDb } from "../lib/db";
import { closeQueues } from "../lib/jobs/queues";
import { cliStartedBy } from "./cli-started-by";
import { importWebLogs } from "../lib/ingest/import-web-logs";
import { importAlerts } from "../lib/alerts/import-alerts";
import { getStats } from "../lib/stats/get-stats";
import { createProgress } from "./progress";
import { runEnrichment } from "../lib/enrich/run-enrichment";
import { findFindings } from "../lib/findings/find-findings";
import { evaluateSentinelCompat } from "../lib/enrich/load-compat-input";
import { exportAttackers } from "../lib/attackers/export-attackers";
import {
  formatStats,
  formatWebLogSummary,
  formatAlertSummary,
  formatFindings,
  formatAttackers,
  formatPivot,
} from "./format";
import { pivotParamsSchema, type PivotParams } from "../lib/pivots/pivot-params";
import { findFilesBefore } from "../lib/pivots/find-files-before";
import { findFirstAccess } from "../lib/pivots/find-first-access";
import { findAttackerTimeline } from "../lib/pivots/find-attacker-timeline";
import { findAttackerElsewhere } from "../lib/pivots/find-attacker-elsewhere";
import { toPivotRequest } from "../lib/pivots/run-pivot";
import { UsageError } from "./usage-error";
import { runUserCommand } from "./user-command";

const USAGE = `Usage: npm run -s cli -- <command> [options]

Commands:
  import web-logs <path>... [--host H] [--site S] [--json]
      Import IIS W3C logs (.log, .gz, directories recursively) and W3CIISLog CSV/JSON exports.
      --host/--site name the server and site for files that lack s-computername/s-sitename.
  import alerts <path>... [--json]
      Import SecurityAlert rows: JSON array, {"rows": [...]}, JSON Lines or CSV.
  stats [--json]
      Requests, hosts, sites, time range, alerts by provider.
  enrich [--mode default|compat] [--all] [--wait] [--json]
      Queue default-mode enrichment of alerts not enriched yet (--all: every alert) and, with
      --wait, wait for it (running a worker in-process if none is up). --mode compat evaluates
      the Sentinel queries instead (nothing is stored) and prints row counts.
  findings [--json]
      Every finding: shell, site, attackers, first access, install request, confidence, reasons.
  sentinel-compat [--from ISO] [--to ISO] [--json]
      What the Sentinel hunting queries return over the stored data, row for row.
  attackers [--json]
      Every attacker profile (IP and user agent as logged; merged identities folded in): first
      and last seen, hosts, sites, shells and cases.
  pivot --host H --site S (--ip IP | --ua UA | --ip IP --ua UA) --before ISO_TIME
        [--window 30m|1h|5h|7h|1d|3d|7d|<n>[smhd]] [--lookback 30d] [--all-requests] [--timeline] [--json]
      The attacker's requests on host H, site S in [--before − --window, --before] (both ends
      included; script resources only unless --all-requests), and their first access within
      --lookback before it. Both --ip and --ua: requests with that IP AND that user agent. --ua
      takes the user agent as logged (+ for spaces) or with spaces. --timeline adds the attacker's
      timeline (404 bursts, uploads) and the other hosts/sites they reached.
  user create --email E --name N --role admin|analyst|viewer [--password-stdin] [--json]
      Create a user who signs in with a password (12+ characters): typed twice without echo on
      a terminal, else read from stdin.
  user list [--json]
  user set-role --email E --role admin|analyst|viewer
  user disable --email E  |  user enable --email E
  user set-password --email E [--password-stdin]
      The last active admin cannot be demoted or disabled.
  user link-entra --email E --object-id OID  |  user unlink-entra --email E
      Let the Entra ID account with that object id (a GUID) sign in as this user. Sign-in never
      links by email.

Exit status: 0 success (line errors are reported, not fatal), 1 a file was rejected or failed
(or the user exists, or does not), 2 usage or configuration error (or an invalid password).`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      host: { type: "string" },
      site: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
      mode: { type: "string", default: "default" },
      all: { type: "boolean", default: false },
      wait: { type: "boolean", default: false },
      from: { type: "string" },
      to: { type: "string" },
      ip: { type: "string" },
      ua: { type: "string" },
      before: { type: "string" },
      window: { type: "string" },
      lookback: { type: "string" },
      "all-requests": { type: "boolean", default: false },
      timeline: { type: "boolean", default: false },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      "object-id": { type: "string" },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE + "\n");
    return command || values.help ? 0 : 2;
  }
  getEnv(); // fail early, with the variable's name, before touching any service
  const out = (doc: unknown, human: string) =>
    process.stdout.write(values.json ? JSON.stringify(doc) + "\n" : human + "\n");

  if (command === "import" && sub === "web-logs") {
    if (!rest.length) throw new UsageError("import web-logs needs at least one path");
    const progress = createProgress();
    const summary = await importWebLogs(rest, {
      host: values.host,
      site: values.site,
      startedBy: cliStartedBy(),
      onProgress: (file, f) => progress.update(file, f),
      onFileDone: () => progress.done(),
    });
    out(summary, formatWebLogSummary(summary));
    return summary.rejected ? 1 : 0;
  }
  if (command === "import" && sub === "alerts") {
    if (!rest.length) throw new UsageError("import alerts needs at least one path");
    if (values.host || values.site) throw new UsageError("--host/--site apply to web logs only");
    const summary = await importAlerts(rest, { startedBy: cliStartedBy() });
    out(summary, formatAlertSummary(summary));
    return summary.rejected ? 1 : 0;
  }
  if (command === "stats" && !sub) {
    const stats = await getStats();
    out(stats, formatStats(stats));
    return 0;
  }
  if (command === "enrich" && !sub) {
    if (values.mode === "compat") {
      const rows = await evaluateSentinelCompat({});
      const counts = {
        commandAlertEnrichment: rows.commandAlertEnrichment.length,
        fileAlertEnrichment: rows.fileAlertEnrichment.length,
      };
      out(
        counts,
        `Sentinel queries: ${counts.commandAlertEnrichment} command enrichment row(s), ${counts.fileAlertEnrichment} file enrichment row(s) (see sentinel-compat)`,
      );
      return 0;
    }
    if (values.mode !== "default") throw new UsageError(`--mode must be default or compat, not ${values.mode}`);
    const progress = createProgress();
    const summary = await runEnrichment({
      all: values.all,
      wait: values.wait,
      onProgress: (d, t) => progress.update(`${d}/${t} alerts`, d / t),
    });
    progress.done();
    out(
      summary,
      values.wait
        ? `${summary.queued} alert(s) enriched: ${summary.findings} finding(s), ${summary.noFinding} without a confident finding, ${summary.notApplicable} not web shell alerts, ${summary.failed} failed` +
            summary.errors.map((e) => `\n  ${e.alertId}: ${e.reason}`).join("")
        : `${summary.queued} alert(s) queued for enrichment`,
    );
    return summary.failed ? 1 : 0;
  }
  if (command === "findings" && !sub) {
    const findings = await findFindings();
    out(findings, formatFindings(findings));
    return 0;
  }
  if (command === "attackers" && !sub) {
    const attackers = await exportAttackers();
    out(attackers, formatAttackers(attackers));
    return 0;
  }
  if (command === "user") {
    if (rest.length) throw new UsageError(`unexpected argument: ${rest.join(" ")}`);
    return runUserCommand(
      sub,
      {
        email: values.email,
        name: values.name,
        role: values.role,
        passwordStdin: values["password-stdin"],
        objectId: values["object-id"],
      },
      out,
    );
  }
  if (command === "sentinel-compat" && !sub) {
    const range = { from: parseTime(values.from, "--from"), to: parseTime(values.to, "--to") };
    const rows = await evaluateSentinelCompat(range);
    out(rows, JSON.stringify(rows, null, 2));
    return 0;
  }
  if (command === "pivot" && !sub) {
    const params = pivotParams(values);
    const [files, firstAccess] = await Promise.all([findFilesBefore(params), findFirstAccess(params)]);
    if (files.truncated) {
      process.stderr.write(`warning: more than ${files.rows.length} requests matched; only the oldest are shown\n`);
    }
    const doc = {
      firstAccess,
      filesBefore: files.rows.map(toPivotRequest),
      ...(values.timeline
        ? { timeline: await findAttackerTimeline(params), elsewhere: await findAttackerElsewhere(params) }
        : {}),
    };
    out(doc, formatPivot(params, doc));
    return 0;
  }
  throw new UsageError(`unknown command: ${positionals.join(" ")}`);
}

/** Which flag sets each pivot parameter, for usage errors. */
const PIVOT_FLAGS: Record<string, string> = {
  host: "--host",
  site: "--site",
  ip: "--ip",
  userAgent: "--ua",
  anchor: "--before",
  window: "--window",
  lookback: "--lookback",
};

function pivotParams(values: Record<string, string | boolean | undefined>): PivotParams {
  const str = (k: string) => values[k] as string | undefined;
  if (str("host") === undefined) throw new UsageError("pivot needs --host (the IIS host as logged, e.g. WEB01)");
  if (str("site") === undefined) throw new UsageError("pivot needs --site (e.g. W3SVC1)");
  if (str("ip") === undefined && str("ua") === undefined) throw new UsageError("pivot needs --ip, --ua, or both");
  if (str("before") === undefined)
    throw new UsageError("pivot needs --before ISO_TIME (the first access to the shell)");
  const parsed = pivotParamsSchema.safeParse({
    host: str("host"),
    site: str("site"),
    ip: str("ip"),
    userAgent: str("ua"),
    anchor: str("before"),
    window: str("window"),
    lookback: str("lookback"),
    allRequests: values["all-requests"] === true,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    throw new UsageError(`${PIVOT_FLAGS[field] ?? field}: ${issue.message}`);
  }
  return parsed.data;
}

function parseTime(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag} "${value}" is not an ISO-8601 time`);
  return d;
}

main(process.argv.slice(2))
  .then(async (code) => {
    await closeQueues();
    await closeDb();
    process.exitCode = code;
  })
  .catch(async (err: unknown) => {
    await Promise.allSettled([closeQueues(), closeDb()]);
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  });
