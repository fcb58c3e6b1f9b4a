// The CLI's `enrich`: queue enrichment for alerts not enriched yet (or all), then wait for the
// workers. With no worker running, the CLI runs one in-process for the duration, so the
// command works on its own.
import { QueueEvents, Worker, type Job } from "bullmq";
import { getPool } from "../db";
import { getEnv } from "../env";
import { QUEUES, enqueueEnrichment, enrichJobId, getQueue } from "../jobs/queues";
import { createWorkerConnection } from "../redis";
import { enrichAlert } from "./enrich-alert";

export interface EnrichRunSummary {
  queued: number;
  findings: number;
  noFinding: number;
  notApplicable: number;
  failed: number;
  errors: { alertId: string; reason: string }[];
}

export async function runEnrichment(opts: {
  all: boolean;
  wait: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<EnrichRunSummary> {
  const { rows } = await getPool().query<{ id: number; system_alert_id: string; generation: number }>(
    `UPDATE alerts SET enrich_generation = enrich_generation + 1, enrichment_state = 'queued', enrichment_error = NULL
      WHERE $1 OR enrichment_state IN ('pending', 'failed', 'queued')
      RETURNING id, system_alert_id, enrich_generation AS generation`,
    [opts.all],
  );
  const jobs = rows.map((r) => ({ alertId: r.id, generation: r.generation }));
  await enqueueEnrichment(jobs);
  const summary: EnrichRunSummary = {
    queued: jobs.length,
    findings: 0,
    noFinding: 0,
    notApplicable: 0,
    failed: 0,
    errors: [],
  };
  if (!opts.wait || !jobs.length) return summary;

  const env = getEnv();
  const queue = getQueue(QUEUES.enrichment);
  let local: Worker | undefined;
  // Connections we pass in stay ours to close: BullMQ leaves a given connection open.
  const connections = [createWorkerConnection()];
  if ((await queue.getWorkersCount()) === 0) {
    const connection = createWorkerConnection();
    connections.push(connection);
    local = new Worker(
      QUEUES.enrichment,
      (job: Job) => enrichAlert(job.data.alertId, { generation: job.data.generation }),
      {
        connection,
        prefix: env.QUEUE_PREFIX,
        concurrency: env.ENRICH_CONCURRENCY,
      },
    );
  }
  const events = new QueueEvents(QUEUES.enrichment, { connection: connections[0]!, prefix: env.QUEUE_PREFIX });
  try {
    await events.waitUntilReady();
    let done = 0;
    const idOf = new Map(rows.map((r) => [r.id, r.system_alert_id]));
    // Look the jobs up one by one (each lookup waits on the connection), then wait for all.
    const found = [];
    for (const j of jobs) found.push({ j, job: await queue.getJob(await enrichJobId(j)) });
    // Each waiting job listens for the queue closing: one listener per job, by design.
    queue.setMaxListeners(Math.max(queue.getMaxListeners(), found.length + 10));
    await Promise.all(
      found.map(async ({ j, job }) => {
        try {
          const outcome = job ? await job.waitUntilFinished(events) : "skipped";
          if (outcome === "finding") summary.findings++;
          else if (outcome === "not_applicable") summary.notApplicable++;
          else summary.noFinding++;
        } catch (err) {
          summary.failed++;
          summary.errors.push({
            alertId: idOf.get(j.alertId) ?? String(j.alertId),
            reason: err instanceof Error ? err.message : String(err),
          });
        }
        opts.onProgress?.(++done, jobs.length);
      }),
    );
  } finally {
    await events.close();
    await local?.close();
    for (const c of connections) c.disconnect();
  }
  return summary;
}
