// The BullMQ settings every worker process uses: a connection that reconnects forever, the lock
// and stalled-job settings, and the cap on how often a crashing job is started. Why these values:
// docs/operations.md ("Stalled jobs").
import type { WorkerOptions } from "bullmq";
import { getEnv } from "../lib/env";
import { JOB_ATTEMPTS, type QueueName } from "../lib/jobs/queues";
import { createWorkerConnection } from "../lib/redis";

/** Times a job whose worker died (lock expired) is put back to wait before it counts as failed. */
export const MAX_STALLED_COUNT = 2;

export function workerOptions(queue: QueueName, concurrency: number): WorkerOptions {
  const env = getEnv();
  return {
    connection: createWorkerConnection(),
    prefix: env.QUEUE_PREFIX,
    concurrency,
    // The lock is renewed every lockDuration/2 while the job runs (an import yields between
    // chunks, so renewal never starves); a dead worker's jobs are re-run once it expires.
    lockDuration: env.WORKER_LOCK_MS,
    stalledInterval: Math.max(1000, Math.floor(env.WORKER_LOCK_MS / 2)),
    // BullMQ fails a job stalled more often than this silently (no 'failed' event in the worker).
    // Started-attempt cap below it: a crash-looping job fails through the worker instead, whose
    // 'failed' handler marks its import failed.
    maxStalledCount: JOB_ATTEMPTS[queue] + MAX_STALLED_COUNT,
    maxStartedAttempts: JOB_ATTEMPTS[queue] + MAX_STALLED_COUNT,
  };
}
