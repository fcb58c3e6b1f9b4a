// Generates the demo investigation (tests/scenario) into data/demo/ and imports it, as an
// analyst would with the CLI. Deterministic, so running the demo again adds nothing.
import { appendFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { generateScenario, writeScenario } from "../tests/scenario/generate-scenario";
import { importWebLogs } from "../lib/ingest/import-web-logs";
import { importAlerts } from "../lib/alerts/import-alerts";
import { closeDb } from "../lib/db";

// Relative paths: they are what the Imports page shows as each file's name.
const dir = relative(process.cwd(), join(import.meta.dirname, "..", "data", "demo")) || ".";
const scenario = generateScenario({
  start: new Date("2026-11-18T00:00:00Z"),
  days: 3,
  requestsPerDay: 4000,
  seed: 2026,
});
const { logDirs, alertsFile } = await writeScenario(scenario, dir);
// Real logs are not perfect: a line cut short when the server stopped mid-write, as the Imports
// page will report (every other line of that file imports).
const [firstLog] = [...scenario.logs.keys()].sort();
await appendFile(
  join(dir, "iis", firstLog!),
  "2026-11-18 23:59:59 W3SVC1 WEB01 10.0.0.5 GET /default.aspx - 443 - 203.0.113\r\n",
);

for (const server of scenario.servers) {
  // WEB02 logs IIS 10's default fields (no s-computername): name the host and site at import.
  const summary = await importWebLogs(
    [logDirs[server.host]!],
    server.logsHostAndSite ? {} : { host: server.host, site: server.site },
  );
  console.log(
    `${server.host}: ${summary.files} log file(s), ${summary.imported} requests imported, ${summary.duplicates} already there`,
  );
}
const alerts = await importAlerts([alertsFile]);
console.log(`alerts: ${alerts.imported} imported, ${alerts.updated} updated`);
const i = scenario.intrusion;
console.log(`planted: shell ${i.shellLocation} on ${i.host}/${i.site}, attacker ${i.attackerIp}`);
await closeDb();
