// Starts the BullMQ workers of the queues this process serves (`npm run worker -- --queues
// imports`, or WORKER_QUEUES; default all). On SIGTERM/SIGINT it stops taking jobs, lets the
// current ones finish for WORKER_SHUTDOWN_GRACE_S, then hands the rest back (they become stalled
// and another worker re-runs them) and exits 0. See docs/operations.md.
import { Worker, type Processor } from "bullmq";
import { getEnv } from "../lib/env";
import { closeDb } from "../lib/db";
import { logger } from "../lib/logger";
import type { QueueName } from "../lib/jobs/queues";
import { processImport } from "./processors/imports";
import { processEnrichment } from "./processors/enrichment";
import { processPivot } from "./processors/pivots";
import { processIncidentSync } from "./processors/incidents";
import { processPull } from "./processors/sentinel";
import { processEmail } from "./processors/email";
import { startEmailReconciler } from "./email-reconciler";
import { syncPullSchedules } from "../lib/sentinel/pull-schedule";
import { selectQueues } from "./select-queues";
import { workerOptions } from "./worker-options";
import { onJobFailed } from "./on-job-failed";
import { startReconciler } from "./reconciler";
import { startUploadSweeper } from "./upload-sweeper";
import { checkSourceKey } from "../lib/sentinel/sources/check-source-key";
import { AppError } from "../lib/errors";

const env = getEnv();

let queues: QueueName[];
try {
  queues = selectQueues(process.argv.slice(2), env.WORKER_QUEUES);
} catch (err) {
  logger.error("worker not started", { error: err instanceof Error ? err.message : String(err) });
  process.exit(2);
}

// Once a data source exists its secret must open: a missing or wrong SOURCE_SECRET_KEY stops the
// worker here, naming the variable, rather than failing every pull later. A database that is not
// up yet is not this check's business: the workers report it themselves.
try {
  await checkSourceKey(env.SOURCE_SECRET_KEY);
} catch (err) {
  if (err instanceof AppError) {
    logger.error("worker not started", { error: err.message });
    process.exit(2);
  }
  logger.warn("could not check SOURCE_SECRET_KEY against the data sources", {
    error: err instanceof Error ? err.message : String(err),
  });
}

const PROCESSORS: Record<QueueName, { processor: Processor; concurrency: number }> = {
  imports: { processor: processImport, concurrency: env.IMPORT_CONCURRENCY },
  enrichment: { processor: processEnrichment, concurrency: env.ENRICH_CONCURRENCY },
  // Pivots are a few indexed range scans each; two at once keep the database free for imports.
  pivots: { processor: processPivot, concurrency: 2 },
  // One write-back at a time: a case's close and reopen reach Sentinel in order.
  incidents: { processor: processIncidentSync, concurrency: 1 },
  // Alert pulls: each source has one scheduler, so two sources pull side by side.
  sentinel: { processor: processPull, concurrency: 2 },
  // Emails are small and mostly waiting on the SMTP server.
  email: { processor: processEmail, concurrency: 4 },
};

const workers = queues.map((name) => {
  const { processor, concurrency } = PROCESSORS[name];
  const worker = new Worker(name, processor, workerOptions(name, concurrency));
  worker.on("failed", (job, err) => void onJobFailed(name, job, err));
  worker.on("error", (err) => logger.error("worker error", { queue: name, error: err.message }));
  worker.on("stalled", (jobId) => logger.warn("job stalled; it runs again", { queue: name, jobId }));
  worker.on("completed", (job, value) => logger.info("job completed", { queue: name, jobId: job.id, result: value }));
  return worker;
});
// The enrichment process re-queues alerts left without a job (crash, Redis outage, killed import);
// the import process removes upload files that no import awaits (dropped uploads, old failures).
const housekeeping = [
  ...(queues.includes("enrichment") ? [startReconciler({ intervalS: env.RECONCILE_INTERVAL_S })] : []),
  ...(queues.includes("imports") ? [startUploadSweeper()] : []),
  ...(queues.includes("email") ? [startEmailReconciler({ intervalS: env.RECONCILE_INTERVAL_S })] : []),
];
if (queues.includes("sentinel")) {
  // Schedules are planned where pulls run: sources changed while no worker ran are picked up.
  syncPullSchedules().catch((err: unknown) =>
    logger.warn("pull schedules not planned", { error: err instanceof Error ? err.message : String(err) }),
  );
}
logger.info("workers started", { queues });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const graceMs = env.WORKER_SHUTDOWN_GRACE_S * 1000;
  logger.info("stopping workers", { signal, graceSeconds: env.WORKER_SHUTDOWN_GRACE_S });
  // close() stops fetching at once, then waits for the jobs in hand.
  const finished = Promise.all([...housekeeping.map((h) => h.stop()), ...workers.map((w) => w.close())])
    .then(() => closeDb())
    .then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  const inTime = await Promise.race([finished, deadline]);
  clearTimeout(timer);
  if (inTime) {
    logger.info("workers stopped", { signal });
  } else {
    // Hand the unfinished jobs back by leaving: their locks are no longer renewed, expire within
    // WORKER_LOCK_MS, and another worker runs them again (BullMQ's stalled-job check). Open
    // transactions die with the connections, so nothing half-done is kept.
    logger.warn("grace period over; unfinished jobs will run again elsewhere", { signal });
  }
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
