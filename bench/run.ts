// `npm run bench`: every benchmark, each measured against its reference in the same run.
// Results go to bench/results/ (latest.json, latest.md, and a dated copy).
// BENCH_LINES (ingest, default 2M) and BENCH_ENRICH_REQUESTS (default 10M) scale them down for a
// quick look; the README shows full-size figures only.
// `npm run bench -- load` runs the load benchmark alone (bench/load.ts; needs `npm run build`),
// writing bench/results/load-latest.json; the full run ends with it when a build exists.
// `npm run bench -- scale [--scale 0.1] [--reseed]` runs the scale benchmark alone (bench/scale.ts;
// needs `npm run build`; seeds and keeps its own database): never part of the full run.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createMigratedDatabase, dropDatabase } from "../tests/support/test-database";
import { deleteQueueKeys } from "../tests/support/test-redis";
import { benchIngest } from "./ingest";
import { benchEnrich } from "./enrich";
import { benchPivots, formatPivotBench } from "./pivots";
import { benchLoad, formatLoad, type LoadResult } from "./load";
import { benchPull, formatPull, type PullResult } from "./pull";

const resultsDir = join(import.meta.dirname, "results");
const hasBuild = existsSync(join(import.meta.dirname, "..", ".next", "BUILD_ID"));
const selected = process.argv.slice(2);
if (selected[0] === "scale") {
  const { runScaleCli } = await import("./scale");
  await runScaleCli(selected.slice(1));
  process.exit(0);
}
if (selected.length && !["load", "pull"].includes(selected.join(","))) {
  throw new Error(
    `unknown benchmark selection ${selected.join(" ")}: run all (no argument), \`load\`, \`pull\` or \`scale\``,
  );
}
if (selected[0] === "pull") {
  const pull = await benchPull();
  for (const line of formatPull(pull)) console.log(line);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    join(resultsDir, "pull-latest.json"),
    JSON.stringify({ when: new Date().toISOString(), pull }, null, 2) + "\n",
  );
  process.exit(0);
}
if (selected[0] === "load") {
  const load = await benchLoad();
  for (const line of formatLoad(load)) console.log(line);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    join(resultsDir, "load-latest.json"),
    JSON.stringify({ when: new Date().toISOString(), load }, null, 2) + "\n",
  );
  process.exit(0);
}

const lines = Number(process.env.BENCH_LINES ?? 2_000_000);
const enrichRequests = Number(process.env.BENCH_ENRICH_REQUESTS ?? 10_000_000);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
const n = (v: number) => v.toLocaleString("en-US");

const ingestDb = await createMigratedDatabase("shellcase_bench");
let ingest;
try {
  ingest = await benchIngest(ingestDb.url, lines);
} finally {
  await dropDatabase(ingestDb.name);
}
console.log(`\nIngest: ${n(ingest.lines)} lines`);
console.log(
  `  import      ${n(ingest.importLinesPerSec)} lines/s (${ingest.importSeconds} s), peak RSS ${ingest.importPeakRssMb} MB`,
);
console.log(`  COPY (csv)  ${n(ingest.copyLinesPerSec)} lines/s (${ingest.copySeconds} s)`);
console.log(
  `  ratio       ${ingest.ratio} (goal ≥ 0.6)  peak RSS goal < 300 MB: ${ingest.importPeakRssMb < 300 ? "met" : "NOT met"}`,
);

// The enrichment bench runs in this process: point lib/env at its own database and queue prefix.
const enrichDb = await createMigratedDatabase("shellcase_bench_enrich");
process.env.DATABASE_URL = enrichDb.url;
process.env.REDIS_URL ??= "redis://127.0.0.1:6379/0";
process.env.QUEUE_PREFIX = `shellcase_bench_${randomBytes(4).toString("hex")}`;
process.env.LOG_LEVEL ??= "warn";
let enrich;
let pivots;
try {
  const enriched = await benchEnrich(enrichRequests);
  enrich = enriched.result;
  // On the same database (and raw log files) before it is dropped.
  pivots = await benchPivots(enriched.data);
} finally {
  const { closeDb } = await import("../lib/db");
  const { closeQueues } = await import("../lib/jobs/queues");
  await closeQueues();
  await closeDb();
  await deleteQueueKeys(process.env.REDIS_URL, process.env.QUEUE_PREFIX);
  await dropDatabase(enrichDb.name);
}
console.log(`\nEnrichment: ${n(enrich.alerts)} alerts over ${n(enrich.storedRequests)} stored requests`);
console.log(
  `  default mode   p50 ${enrich.defaultP50Ms} ms, p95 ${enrich.defaultP95Ms} ms, max ${enrich.defaultMaxMs} ms per alert (goal p95 ≤ 50 ms)`,
);
console.log(`  compat mode    ${enrich.compatTotalMs} ms for all alerts (${enrich.compatPerAlertMs} ms per alert)`);
console.log(
  `  accuracy       precision ${enrich.precision}, recall ${enrich.recall} (TP ${enrich.truePositives}, FP ${enrich.falsePositives}, FN ${enrich.falseNegatives})`,
);

console.log(
  `\nPivots: ${n(pivots.intrusions)} intrusions over ${n(enrich.storedRequests)} stored requests; grep+awk over ${n(pivots.rawLogMb)} MB of raw logs`,
);
for (const line of formatPivotBench(pivots)) console.log(line);
console.log(
  `  worst p95 ${pivots.p95Ms} ms (goal ≤ 100 ms: ${pivots.p95Ms <= 100 ? "met" : "NOT met"}), answers ${pivots.allMatched ? "matched" : "DIFFER"}`,
);

const pull: PullResult = await benchPull();
for (const line of formatPull(pull)) console.log(line);

let load: LoadResult | null = null;
if (hasBuild) {
  // In a process of its own: this one's configuration (getEnv is read once) still names the
  // enrichment bench's database, dropped above.
  const run = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "run.ts"), "load"], {
    stdio: "inherit",
  });
  if (run.status !== 0) throw new Error(`the load benchmark failed (exit ${run.status})`);
  load = JSON.parse(await readFile(join(resultsDir, "load-latest.json"), "utf8")).load as LoadResult;
} else {
  console.log("\nLoad: not run (it serves the built app: run `npm run build` first)");
}

const when = new Date().toISOString();
const ingestGoal = ingest.ratio >= 0.6 && ingest.importPeakRssMb < 300;
const md = [
  `Measured ${when.slice(0, 10)} on ${machine}.`,
  "",
  "| benchmark | Shellcase | reference (same run) | result | goal |",
  "|---|---|---|---|---|",
  `| import ${n(ingest.lines)}-line W3C log (${ingest.fileMb} MB) | ${n(ingest.importLinesPerSec)} lines/s, peak RSS ${ingest.importPeakRssMb} MB | COPY of pre-parsed CSV: ${n(ingest.copyLinesPerSec)} lines/s | ratio ${ingest.ratio} | ratio ≥ 0.6, RSS < 300 MB: ${ingestGoal ? "met" : "NOT met"} |`,
  `| enrich ${n(enrich.alerts)} alerts, ${n(enrich.storedRequests)} stored requests | default mode p95 ${enrich.defaultP95Ms} ms per alert (p50 ${enrich.defaultP50Ms}) | Sentinel-compat evaluation: ${enrich.compatPerAlertMs} ms per alert | precision ${enrich.precision}, recall ${enrich.recall} | p95 ≤ 50 ms: ${enrich.defaultP95Ms <= 50 ? "met" : "NOT met"} |`,
  `| pivots: ${n(pivots.intrusions)} intrusions × 6 kinds, ${n(enrich.storedRequests)} stored requests | p95 ${pivots.p95Ms} ms per pivot (worst kind; files before by IP p50 ${pivots.kinds.filesBeforeIp.p50Ms}) | grep+awk over the raw logs (${n(pivots.rawLogMb)} MB): median ${n(pivots.kinds.filesBeforeIp.awkMedianMs)} ms per question | ≥ ${n(pivots.minRatio)}× faster; answers ${pivots.allMatched ? "matched" : "DIFFER"} | p95 ≤ 100 ms: ${pivots.p95Ms <= 100 ? "met" : "NOT met"} |`,
  `| pull ${n(pull.rows)} IIS requests from a (local) Log Analytics workspace | ${n(pull.pullRowsPerSec)} rows/s stored, peak RSS ${pull.pullPeakRssMb} MB | file import of the same rows: ${n(pull.importRowsPerSec)} rows/s | ratio ${pull.ratio} | ratio ≥ 0.5, RSS < 400 MB: ${pull.ratio >= 0.5 && pull.pullPeakRssMb < 400 ? "met" : "NOT met"} |`,
  ...(load
    ? [
        `| load: ${load.users} signed-in users browsing during ${load.imports} imports and ${load.alerts} enrichments | ${load.requestsPerSec} req/s, p50 ${load.p50Ms} ms, p95 ${load.p95Ms} ms | same users, nothing in the background: ${load.idle.requestsPerSec} req/s, p95 ${load.idle.p95Ms} ms | p95 ratio ${(load.p95Ms / Math.max(1, load.idle.p95Ms)).toFixed(2)}×; ${load.errors} errors in ${load.requests} requests | 0 errors: ${load.errors === 0 ? "met" : "NOT met"} |`,
      ]
    : []),
].join("\n");
const dir = resultsDir;
await mkdir(dir, { recursive: true });
const doc = { when, machine, ingest, enrich, pivots, pull, load };
await writeFile(join(dir, "latest.json"), JSON.stringify(doc, null, 2) + "\n");
await writeFile(join(dir, "latest.md"), md + "\n");
await writeFile(join(dir, `${when.slice(0, 10)}.json`), JSON.stringify(doc, null, 2) + "\n");
