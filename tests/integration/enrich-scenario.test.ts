// The enrichment issue's acceptance test: intrusions planted in realistic traffic on several
// servers; default mode must resolve every planted alert to the right shell and attacker and
// give no benign alert a confident finding.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDb } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { runEnrichment } from "../../lib/enrich/run-enrichment";
import { generateScenario, writeScenario, type Scenario } from "../scenario/generate-scenario";
import { scoreEnrichment, type EnrichmentScore } from "../scenario/score-enrichment";

let scenario: Scenario;
let score: EnrichmentScore;

beforeAll(async () => {
  // A year of its own, so that other test files' requests never fall in these windows.
  scenario = generateScenario({
    start: new Date("2025-03-03T00:00:00Z"),
    days: 3,
    requestsPerServerPerDay: 3000,
    intrusions: 4,
    servers: 5,
    seed: 11,
  });
  const dir = await mkdtemp(join(tmpdir(), "shellcase-scenario-"));
  const { logSources, alertsFile } = await writeScenario(scenario, dir);
  // Alerts first, as in real life: their logs arrive later and re-queue them.
  await importAlerts([alertsFile]);
  for (const s of logSources) await importWebLogs([s.path], s.logsHostAndSite ? {} : { host: s.host, site: s.site });
  const run = await runEnrichment({ all: true, wait: true });
  expect(run.failed).toBe(0);
  score = await scoreEnrichment(scenario);
}, 240_000);

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

describe("default-mode enrichment on the planted scenario", () => {
  it("resolves every planted alert to the right host, site, shell and attackers", () => {
    const missed = score.verdicts.filter((v) => v.expected === "finding" && v.got !== "correct");
    expect(missed, JSON.stringify(missed, null, 2)).toEqual([]);
    expect(score.truePositives).toBeGreaterThanOrEqual(8);
    expect(score.recall).toBe(1);
  });

  it("gives no benign alert (and no alert without logs) a finding of confidence 0.5 or more", () => {
    const wrong = score.verdicts.filter((v) => v.expected === "none" && v.got !== "none");
    expect(wrong, JSON.stringify(wrong, null, 2)).toEqual([]);
    expect(score.verdicts.filter((v) => v.expected === "none").length).toBeGreaterThanOrEqual(2);
    expect(score.precision).toBe(1);
  });
});
