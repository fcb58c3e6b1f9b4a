// Shellcase command line: `npm run -s cli -- <command>`. With --json, stdout carries exactly one
// JSON document and everything else goes to stderr.
import { parseArgs } from "node:util";
import { getEnv, ConfigError } from "../lib/env";
import { closeDb } from "../lib/db";
import { importWebLogs } from "../lib/ingest/import-web-logs";
import { importAlerts } from "../lib/alerts/import-alerts";
import { getStats } from "../lib/stats/get-stats";
import { createProgress } from "./progress";
import { formatStats, formatWebLogSummary, formatAlertSummary } from "./format";

const USAGE = `Usage: npm run -s cli -- <command> [options]

Commands:
  import web-logs <path>... [--host H] [--site S] [--json]
      Import IIS W3C logs (.log, .gz, directories recursively) and W3CIISLog CSV/JSON exports.
      --host/--site name the server and site for files that lack s-computername/s-sitename.
  import alerts <path>... [--json]
      Import SecurityAlert rows: JSON array, {"rows": [...]}, JSON Lines or CSV.
  stats [--json]
      Requests, hosts, sites, time range, alerts by provider.

Exit status: 0 success (line errors are reported, not fatal), 1 a file was rejected or failed,
2 usage or configuration error.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      host: { type: "string" },
      site: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
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
      onProgress: (file, f) => progress.update(file, f),
      onFileDone: () => progress.done(),
    });
    out(summary, formatWebLogSummary(summary));
    return summary.rejected ? 1 : 0;
  }
  if (command === "import" && sub === "alerts") {
    if (!rest.length) throw new UsageError("import alerts needs at least one path");
    if (values.host || values.site) throw new UsageError("--host/--site apply to web logs only");
    const summary = await importAlerts(rest);
    out(summary, formatAlertSummary(summary));
    return summary.rejected ? 1 : 0;
  }
  if (command === "stats" && !sub) {
    const stats = await getStats();
    out(stats, formatStats(stats));
    return 0;
  }
  throw new UsageError(`unknown command: ${positionals.join(" ")}`);
}

main(process.argv.slice(2))
  .then(async (code) => {
    await closeDb();
    process.exitCode = code;
  })
  .catch(async (err: unknown) => {
    await closeDb().catch(() => undefined);
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
