// Enrichment benchmark: intrusions planted (tests/scenario) on servers whose logs also carry
// millions of background requests; every alert enriched in default mode (timed one by one:
// p50/p95 per alert), and the Sentinel-compat evaluation of the same alerts timed in the same
// run. Prints precision and recall against the scenario's ground truth.
import { mkdtemp } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { getPool, getPrisma } from "../lib/db";
import { importWebLogs } from "../lib/ingest/import-web-logs";
import { importAlerts } from "../lib/alerts/import-alerts";
import { enrichAlert } from "../lib/enrich/enrich-alert";
import { evaluateSentinelCompat } from "../lib/enrich/load-compat-input";
import { generateScenario, writeScenario, type Scenario } from "../tests/scenario/generate-scenario";
import { scoreEnrichment } from "../tests/scenario/score-enrichment";
import { generateW3cLog } from "./generate-w3c-log";

export interface EnrichResult {
  storedRequests: number;
  alerts: number;
  defaultP50Ms: number;
  defaultP95Ms: number;
  defaultMaxMs: number;
  compatTotalMs: number;
  compatPerAlertMs: number;
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** What the enrichment bench leaves in its database, for the benches that run on it next (pivots). */
export interface EnrichBenchData {
  scenario: Scenario;
  /** Every raw log file imported, with the host and site given at import for files that lack them. */
  logFiles: { path: string; host: string | null; site: string | null }[];
}

const DAY = 86_400_000;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (v: number) => Math.round(v * 10) / 10;

export async function benchEnrich(
  backgroundRequests: number,
): Promise<{ result: EnrichResult; data: EnrichBenchData }> {
  const start = new Date(Date.UTC(2026, 8, 1));
  // Background: the bench generator's servers (WEB01–WEB04, W3SVC1/2) over ~35 days per 10M.
  const secondsPerLine = 0.3;
  const spanDays = (backgroundRequests * secondsPerLine) / 86_400;
  const dir = join(import.meta.dirname, "tmp");
  await mkdir(dir, { recursive: true });
  const background = join(dir, `background_${backgroundRequests}.log`);
  if (!existsSync(background)) {
    process.stderr.write(`generating ${backgroundRequests.toLocaleString()} background requests…\n`);
    await generateW3cLog(background, backgroundRequests, 7, start, secondsPerLine);
  }
  process.stderr.write("importing the background…\n");
  await importWebLogs([background]);

  // The intrusions, in the last days of the background, on the same server names.
  const scenario = generateScenario({
    start: new Date(start.getTime() + Math.max(0, Math.floor(spanDays) - 4) * DAY),
    days: 3,
    requestsPerServerPerDay: 3000,
    intrusions: 6,
    servers: 5,
    seed: 99,
    returningActor: true,
  });
  const sdir = await mkdtemp(join(tmpdir(), "shellcase-bench-"));
  const { logSources, alertsFile } = await writeScenario(scenario, sdir);
  await importAlerts([alertsFile]);
  for (const s of logSources) await importWebLogs([s.path], s.logsHostAndSite ? {} : { host: s.host, site: s.site });
  const { rows } = await getPool().query<{ n: string }>("SELECT sum(requests)::text AS n FROM web_log_sources");

  const ids = (await getPrisma().alert.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((a) => a.id);
  process.stderr.write(`enriching ${ids.length} alerts one by one…\n`);
  for (const id of ids.slice(0, 3)) await enrichAlert(id); // warm-up: caches, plans
  const times: number[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    await enrichAlert(id);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);

  process.stderr.write("evaluating the Sentinel queries over the same alerts…\n");
  const alertTimes = await getPrisma().alert.aggregate({
    _min: { timeGenerated: true },
    _max: { timeGenerated: true },
  });
  const c0 = performance.now();
  await evaluateSentinelCompat({
    from: new Date(alertTimes._min.timeGenerated!.getTime() - DAY),
    to: new Date(alertTimes._max.timeGenerated!.getTime() + DAY),
  });
  const compatTotalMs = performance.now() - c0;

  const score = await scoreEnrichment(scenario);
  const logFiles = [
    { path: background, host: null, site: null },
    ...scenario.logSources.flatMap((s) =>
      s.files.map((f) => ({
        path: join(sdir, "iis", f),
        host: s.logsHostAndSite ? null : s.host,
        site: s.logsHostAndSite ? null : s.site,
      })),
    ),
  ];
  const result: EnrichResult = {
    storedRequests: Number(rows[0]!.n),
    alerts: ids.length,
    defaultP50Ms: round(percentile(times, 50)),
    defaultP95Ms: round(percentile(times, 95)),
    defaultMaxMs: round(times[times.length - 1]!),
    compatTotalMs: round(compatTotalMs),
    compatPerAlertMs: round(compatTotalMs / ids.length),
    precision: score.precision,
    recall: score.recall,
    truePositives: score.truePositives,
    falsePositives: score.falsePositives,
    falseNegatives: score.falseNegatives,
  };
  return { result, data: { scenario, logFiles } };
}
