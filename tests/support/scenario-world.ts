// One "world" of the workspace parity test (tests/integration/workspace-parity.test.ts), run in a
// process of its own so that each world has its own database and queue prefix: the scenario
// either imported from its files, or read from a (local) Log Analytics workspace — alerts pulled,
// logs fetched on demand. Enriches every alert, runs every queued pivot, and prints on stdout one
// JSON document of what an analyst would see (findings, cases, pivots, attacker profiles) with
// the ids that differ between worlds (database ids, batch and line numbers, case numbers) left
// out, plus how many requests were stored.
//   files:     tsx tests/support/scenario-world.ts files <manifest.json from writeScenario>
//   workspace: tsx tests/support/scenario-world.ts workspace <connection.json>
import { readFile } from "node:fs/promises";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { runEnrichment } from "../../lib/enrich/run-enrichment";
import { findFindings } from "../../lib/findings/find-findings";
import { exportAttackers } from "../../lib/attackers/export-attackers";
import { runPivotRun } from "../../lib/pivots/run-pivot-run";
import { sealSecret } from "../../lib/sentinel/secret-box";
import { pullAlerts } from "../../lib/sentinel/pull-alerts";
import type { LogSource } from "../scenario/generate-scenario";

const [mode, arg] = process.argv.slice(2);

/** Drops keys whose values differ between worlds by construction. */
function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !["batchId", "line", "id", "caseId", "cases", "members"].includes(k))
        .map(([k, x]) => [k, stable(x)]),
    );
  }
  return v;
}

if (mode === "files") {
  // The manifest is what writeScenario returned.
  const { logSources, alertsFile } = JSON.parse(await readFile(arg!, "utf8")) as {
    logSources: (LogSource & { path: string })[];
    alertsFile: string;
  };
  await importAlerts([alertsFile]);
  for (const s of logSources) await importWebLogs([s.path], s.logsHostAndSite ? {} : { host: s.host, site: s.site });
} else if (mode === "workspace") {
  const c = JSON.parse(await readFile(arg!, "utf8"));
  const source = await getPrisma().dataSource.create({
    data: {
      name: "parity",
      workspaceId: c.workspaceId,
      tenantId: c.tenantId,
      clientId: c.clientId,
      secretCipher: sealSecret(c.clientSecret, "parity"),
      queryEndpoint: c.queryEndpoint,
      authorityHost: c.authorityHost,
      caCertPem: c.caPem,
      pullSince: new Date(c.pullSince),
    },
  });
  await pullAlerts(source.id);
} else {
  throw new Error("usage: scenario-world.ts files <dir> | workspace <connection.json>");
}

const run = await runEnrichment({ all: false, wait: true });
if (run.failed) throw new Error(`enrichment failed: ${JSON.stringify(run.errors)}`);
for (const r of await getPrisma().pivotRun.findMany({ where: { status: "queued" }, orderBy: { id: "asc" } })) {
  await runPivotRun(r.id);
}

const findings = (await findFindings()).sort((a, b) => a.alertId.localeCompare(b.alertId));
const cases = await getPrisma().case.findMany({
  include: {
    alerts: { select: { systemAlertId: true } },
    pivotRuns: { select: { params: true, result: true, status: true } },
  },
});
const caseKey = (c: { hostName: string; shellLocation: string | null }) => `${c.hostName} ${c.shellLocation ?? ""}`;
const { rows } = await getPool().query<{ n: string }>("SELECT count(*) AS n FROM web_requests");
const doc = {
  findings: stable(findings),
  cases: cases
    .map((c) => ({
      key: caseKey(c),
      title: c.title,
      severity: c.severity,
      site: c.site,
      alerts: c.alerts.map((a) => a.systemAlertId).sort(),
      pivots: stable(c.pivotRuns.map((p) => ({ status: p.status, params: p.params, result: p.result }))),
    }))
    .sort((a, b) => a.key.localeCompare(b.key)),
  attackers: stable(await exportAttackers()),
  requestsStored: Number(rows[0]!.n),
};
process.stdout.write(JSON.stringify(doc) + "\n");
await closeQueues();
await closeDb();
