// Generates the demo investigation (tests/scenario) into data/demo/ and imports it, as an
// analyst would with the CLI, and creates one demo user per role. Deterministic, so running the
// demo again adds nothing.
import { appendFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { generateScenario, writeScenario } from "../tests/scenario/generate-scenario";
import { importWebLogs } from "../lib/ingest/import-web-logs";
import { importAlerts } from "../lib/alerts/import-alerts";
import { closeDb, getPrisma } from "../lib/db";
import { createUser } from "../lib/users/create-user";
import { DEMO_USERS } from "./demo-users";
import { closeQueues } from "../lib/jobs/queues";

// Relative paths: they are what the Imports page shows as each file's name.
const dir = relative(process.cwd(), join(import.meta.dirname, "..", "data", "demo")) || ".";
// Two servers (WEB01 with two sites, WEB02 with IIS 10's default fields), three days, a web
// shell on WEB01, and the same actor back two days later with a shell on WEB02 (one attacker
// profile, two cases that name each other): 24,000 background requests.
const scenario = generateScenario({
  start: new Date("2026-11-18T00:00:00Z"),
  days: 3,
  requestsPerServerPerDay: 4000,
  servers: 2,
  intrusions: 1,
  returningActor: true,
  seed: 2026,
});
const { logSources, alertsFile } = await writeScenario(scenario, dir);
// Real logs are not perfect: a line cut short when the server stopped mid-write, as the Imports
// page will report (every other line of that file imports).
const [firstLog] = [...scenario.logs.keys()].sort();
await appendFile(
  join(dir, "iis", firstLog!),
  "2026-11-18 23:59:59 W3SVC1 WEB01 10.0.0.5 GET /default.aspx - 443 - 203.0.113\r\n",
);

for (const source of logSources) {
  // WEB02 logs IIS 10's default fields (no s-computername): name the host and site at import.
  const summary = await importWebLogs(
    [source.path],
    source.logsHostAndSite ? {} : { host: source.host, site: source.site },
  );
  console.log(
    `${source.host}/${source.site}: ${summary.files} log file(s), ${summary.imported} requests imported, ${summary.duplicates} already there` +
      summary.errors.map((e) => `\n  ${e.file}:${e.line ?? ""} ${e.reason}`).join(""),
  );
}
const alerts = await importAlerts([alertsFile]);
console.log(`alerts: ${alerts.imported} imported, ${alerts.updated} updated`);
for (const i of scenario.intrusions) {
  console.log(`planted: shell ${i.shellLocation} on ${i.host}/${i.site}, attacker ${i.attacker.ip}`);
}
// Demo-only accounts with published passwords (scripts/demo-users.ts); demo.sh prints them.
for (const user of DEMO_USERS) {
  const exists = await getPrisma().user.findUnique({ where: { email: user.email }, select: { id: true } });
  if (!exists) await createUser(user, null);
  console.log(`user: ${user.email} (${user.role})${exists ? ", already there" : ""}`);
}
// Storing alerts queued their enrichment: the worker the demo starts next picks the jobs up.
await closeQueues();
await closeDb();
