// Generates the demo investigation (tests/scenario) into data/demo/ and imports it, as an
// analyst would with the CLI. Deterministic, so running the demo again adds nothing.
import { join } from "node:path";
import { generateScenario, writeScenario } from "../tests/scenario/generate-scenario";
import { importWebLogs } from "../lib/ingest/import-web-logs";
import { importAlerts } from "../lib/alerts/import-alerts";
import { closeDb } from "../lib/db";

const dir = join(import.meta.dirname, "..", "data", "demo");
const scenario = generateScenario({
  start: new Date("2026-11-18T00:00:00Z"),
  days: 3,
  requestsPerDay: 4000,
  seed: 2026,
});
const { logDirs, alertsFile } = await writeScenario(scenario, dir);

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
