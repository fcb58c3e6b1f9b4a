// Starts the BullMQ workers. Run with `npm run worker`; stops cleanly on SIGINT/SIGTERM.
import { Worker } from "bullmq";
import { getEnv } from "../lib/env";
import { closeDb } from "../lib/db";
import { logger } from "../lib/logger";
import { QUEUES } from "../lib/jobs/queues";
import { createWorkerConnection } from "../lib/redis";
import { processImport } from "./processors/imports";
import { processEnrichment } from "./processors/enrichment";
import { processPivot } from "./processors/pivots";
import { startReconciler } from "./reconciler";

const env = getEnv();

const workers = [
  new Worker(QUEUES.imports, processImport, {
    connection: createWorkerConnection(),
    prefix: env.QUEUE_PREFIX,
    concurrency: env.IMPORT_CONCURRENCY,
  }),
  new Worker(QUEUES.enrichment, processEnrichment, {
    connection: createWorkerConnection(),
    prefix: env.QUEUE_PREFIX,
    concurrency: env.ENRICH_CONCURRENCY,
  }),
  // Pivots are a few indexed range scans each; two at once keep the database free for imports.
  new Worker(QUEUES.pivots, processPivot, {
    connection: createWorkerConnection(),
    prefix: env.QUEUE_PREFIX,
    concurrency: 2,
  }),
];

for (const w of workers) {
  w.on("failed", (job, err) =>
    logger.error("job failed", { queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, error: err.message }),
  );
  w.on("error", (err) => logger.error("worker error", { queue: w.name, error: err.message }));
  w.on("completed", (job, value) => logger.info("job completed", { queue: w.name, jobId: job.id, result: value }));
}
const reconciler = startReconciler({ intervalS: env.RECONCILE_INTERVAL_S });
logger.info("workers started", { queues: workers.map((w) => w.name) });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info("stopping workers", { signal });
  await Promise.all([reconciler.stop(), ...workers.map((w) => w.close())]);
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
