// Shellcase command line: `npm run -s cli -- <command>`. With --json, stdout carries exactly one
// JSON document and everything else goes to stderr.
import { parseArgs } from "node:util";
import { pullAlerts } from "../lib/sentinel/pull-alerts";
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
import { compareWorkspaceCompat } from "../lib/enrich/compare-workspace-compat";
import { exportAttackers } from "../lib/attackers/export-attackers";
import {
  formatStats,
  formatWebLogSummary,
  formatAlertSummary,
  formatFindings,
  formatAttackers,
  formatPivot,
  formatWorkspaceCompat,
} from "./format";
import { pivotParamsSchema, type PivotParams } from "../lib/pivots/pivot-params";
import { findFilesBefore } from "../lib/pivots/find-files-before";
import { findFirstAccess } from "../lib/pivots/find-first-access";
import { findAttackerTimeline } from "../lib/pivots/find-attacker-timeline";
import { findAttackerElsewhere } from "../lib/pivots/find-attacker-elsewhere";
import { toPivotRequest } from "../lib/pivots/run-pivot";
import { fetchPivotEvidence } from "../lib/pivots/fetch-pivot-evidence";
import { requestEnrichment } from "../lib/enrich/request-enrichment";
import { enrichAlert } from "../lib/enrich/enrich-alert";
import { fetchedSince, syncHostRange } from "../lib/sentinel/evidence/ensure-evidence";
import { UsageError } from "./usage-error";
import { runUserCommand } from "./user-command";
import { runSourceCommand } from "./source-command";
import { checkSourceKey } from "../lib/sentinel/sources/check-source-key";

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
  sentinel-compat --source ID [--from ISO] [--to ISO] [--json]
      Run the two original hunting queries (their exact KQL) in the source's workspace over
      [--from, --to) (default: the last 30 days) and show their rows beside Shellcase's own
      evaluation of the same range, each row marked = same, ≠ differs (columns named),
      W workspace only, S Shellcase only.
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
  sync --source ID [--since ISO] [--json]
      Pull the source's new Defender for Endpoint SecurityAlert rows now (from its ingestion-time
      cursor minus the overlap, or from --since); they are stored and queued for enrichment.
  fetch-logs --alert ID [--wait] [--json]
      Fetch from the enabled Sentinel workspaces the IIS requests this alert's enrichment reads
      (and no more): queues its enrichment, or with --wait runs it here and prints what was fetched.
  fetch-logs --source ID --host H --from ISO --to ISO [--json]
      Full sync: every request of host H (sComputerName as logged) in the range from one source,
      skipping ranges already fetched.
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
  sources list [--json]
      Every data source (Log Analytics workspace) and its pull status; never the secret.
  sources add --name N --workspace GUID --tenant GUID
        (--client-id GUID (--secret-file PATH | --secret-stdin) | --default-credential)
        [--endpoint URL] [--authority-host URL] [--ca-file PEM] [--subscription GUID
        --resource-group RG --workspace-name W] [--incident-sync] [--interval S] [--disabled]
        [--since ISO] [--json]
      Add a workspace. The secret is never an argument (shell history, process list); it is
      stored encrypted with SOURCE_SECRET_KEY. --incident-sync needs the three ARM flags.
  sources test ID [--json]
      Sign in and run the ping query: which tables can be read, or exactly what failed.
  sources remove ID [--json]

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
      alert: { type: "string" },
      source: { type: "string" },
      workspace: { type: "string" },
      tenant: { type: "string" },
      "client-id": { type: "string" },
      // Accepted only to be refused with a pointer to the safe ways (source-command.ts).
      secret: { type: "string" },
      "secret-file": { type: "string" },
      "secret-stdin": { type: "boolean", default: false },
      "default-credential": { type: "boolean", default: false },
      endpoint: { type: "string" },
      "authority-host": { type: "string" },
      "ca-file": { type: "string" },
      subscription: { type: "string" },
      "resource-group": { type: "string" },
      "workspace-name": { type: "string" },
      "incident-sync": { type: "boolean", default: false },
      interval: { type: "string" },
      disabled: { type: "boolean", default: false },
      since: { type: "string" },
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
  if (command === "sources") {
    return runSourceCommand(
      sub,
      rest,
      {
        name: values.name,
        workspace: values.workspace,
        tenant: values.tenant,
        clientId: values["client-id"],
        secret: values.secret,
        secretFile: values["secret-file"],
        secretStdin: values["secret-stdin"],
        defaultCredential: values["default-credential"],
        endpoint: values.endpoint,
        authorityHost: values["authority-host"],
        caFile: values["ca-file"],
        subscription: values.subscription,
        resourceGroup: values["resource-group"],
        workspaceName: values["workspace-name"],
        incidentSync: values["incident-sync"],
        interval: values.interval,
        disabled: values.disabled,
        since: values.since,
      },
      out,
    );
  }
  if (command === "sentinel-compat" && !sub && values.source !== undefined) {
    await checkSourceKey();
    const sourceId = positiveId(values.source as string, "--source");
    const to = values.to ? parseTime(values.to as string, "--to")! : new Date();
    const from = values.from ? parseTime(values.from as string, "--from")! : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw new UsageError("--from must be before --to");
    const report = await compareWorkspaceCompat(sourceId, { from, to });
    out(report, formatWorkspaceCompat(report));
    return 0;
  }
  if (command === "sentinel-compat" && !sub) {
    const range = { from: parseTime(values.from, "--from"), to: parseTime(values.to, "--to") };
    const rows = await evaluateSentinelCompat(range);
    out(rows, JSON.stringify(rows, null, 2));
    return 0;
  }
  if (command === "sync" && !sub) {
    await checkSourceKey();
    const sourceId = positiveId(values.source as string | undefined, "--source");
    const since = values.since ? parseTime(values.since as string, "--since") : undefined;
    const s = await pullAlerts(sourceId, since ? { since } : {});
    out(
      s,
      [
        `source ${sourceId}: ${s.rows} alert rows read (${s.from} … ${s.to}): ${s.imported} new, ${s.updated} updated, ${s.unchanged} unchanged`,
        `cursor (ingestion time): ${s.cursor ?? "none yet"}`,
        ...s.errors.slice(0, 20).map((e) => `  row ${e.row}: ${e.reason}`),
      ].join("\n"),
    );
    return s.errors.length ? 1 : 0;
  }
  if (command === "fetch-logs" && !sub) {
    await checkSourceKey();
    return fetchLogs(values, out);
  }
  if (command === "pivot" && !sub) {
    const params = pivotParams(values);
    await fetchPivotEvidence(params);
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

function positiveId(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!value || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive number`);
  return n;
}

async function fetchLogs(
  values: Record<string, string | boolean | undefined>,
  out: (doc: unknown, human: string) => void,
): Promise<number> {
  if (values.alert !== undefined) {
    const alertId = positiveId(values.alert as string, "--alert");
    if (!values.wait) {
      const queued = await requestEnrichment([alertId]);
      out(
        { alertId, queued: queued > 0 },
        queued
          ? `alert ${alertId}: queued; the worker fetches what it reads`
          : `alert ${alertId}: not queued (see the log)`,
      );
      return queued ? 0 : 1;
    }
    const since = new Date();
    const outcome = await enrichAlert(alertId);
    const fetched = await fetchedSince(since);
    out(
      { alertId, outcome, fetched },
      [
        `alert ${alertId}: ${outcome}`,
        ...fetched.map(
          (f) =>
            `  ${f.source} ${f.host} ${f.scope} ${f.from} … ${f.to}: ${f.rows} rows${f.complete ? "" : ` (incomplete: ${f.error})`}`,
        ),
      ].join("\n"),
    );
    return 0;
  }
  if (values.source === undefined)
    throw new UsageError("fetch-logs needs --alert ID, or --source ID --host H --from ISO --to ISO");
  const sourceId = positiveId(values.source as string, "--source");
  if (typeof values.host !== "string")
    throw new UsageError("fetch-logs --source needs --host (sComputerName as logged)");
  const from = parseTime(values.from as string | undefined, "--from");
  const to = parseTime(values.to as string | undefined, "--to");
  if (!from || !to) throw new UsageError("fetch-logs --source needs --from and --to");
  if (to < from) throw new UsageError("--to is before --from");
  const r = await syncHostRange(sourceId, values.host, from, to);
  out(
    r,
    `${r.source} ${r.host} ${r.from} … ${r.to}: ${r.ranges} range(s) fetched, ${r.rows} rows${r.incomplete ? `, ${r.incomplete} incomplete` : ""}`,
  );
  return r.incomplete ? 1 : 0;
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
