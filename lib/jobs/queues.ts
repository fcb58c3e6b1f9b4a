// The one definition of every queue: names, payload schemas and default job options. The web
// app, the CLI and the workers import these; nothing else spells a queue name.
import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import type { Redis } from "ioredis";
import { getEnv } from "../env";
import { createProducerConnection } from "../redis";
import { AppError } from "../errors";
import { logger } from "../logger";
import { getInstanceId } from "./instance-id";

export const QUEUES = {
  /** Imports an uploaded file (web log or alerts) already stored in UPLOAD_DIR. */
  imports: "imports",
  /** Default-mode enrichment of one alert at one generation of its evidence. */
  enrichment: "enrichment",
  /** One attacker pivot run (pivot_runs row): files before the shell, first access, timeline. */
  pivots: "pivots",
  /** Writes a case's close or reopen back to its Sentinel incidents (sources with incidentSync). */
  incidents: "incidents",
  /** Pulls one data source's new SecurityAlert rows (a job scheduler per enabled source). */
  sentinel: "sentinel",
  /** Emails one notification (notifications row with email_state pending) over SMTP_URL. */
  email: "email",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const importJobSchema = z.object({ batchId: z.number().int().positive() });
export type ImportJob = z.infer<typeof importJobSchema>;

export const enrichJobSchema = z.object({
  alertId: z.number().int().positive(),
  generation: z.number().int().min(0),
});
export type EnrichJob = z.infer<typeof enrichJobSchema>;

export const pullJobSchema = z.object({ sourceId: z.number().int().positive() });
export type PullJob = z.infer<typeof pullJobSchema>;

export const pivotJobSchema = z.object({ pivotRunId: z.number().int().positive() });
export type PivotJob = z.infer<typeof pivotJobSchema>;

export const emailJobSchema = z.object({ notificationId: z.number().int().positive() });
export type EmailJob = z.infer<typeof emailJobSchema>;

/** One case status change (case_status_changes row) to write back to the case's incidents. */
export const incidentSyncJobSchema = z.object({
  caseId: z.number().int().positive(),
  statusChangeId: z.number().int().positive(),
});
export type IncidentSyncJob = z.infer<typeof incidentSyncJobSchema>;

/**
 * One job per alert and evidence generation: new logs or a newer alert row make a new one.
 * Every job id carries the database's instance id (lib/jobs/instance-id.ts): row ids restart in a
 * recreated database, and BullMQ ignores a job whose id it has already completed.
 */
export const enrichJobId = async (j: EnrichJob) => `enrich-${await getInstanceId()}-${j.alertId}-g${j.generation}`;

/** Attempts per job, the first included. */
export const JOB_ATTEMPTS: Record<QueueName, number> = {
  imports: 8,
  enrichment: 8,
  pivots: 8,
  incidents: 8,
  sentinel: 8,
  email: 8,
};

/**
 * Job options per queue. 8 attempts, exponential backoff from JOB_BACKOFF_MS (5 s): the retries
 * wait 5 s, 10 s, … 320 s, about 10.5 minutes in all, so a job that failed because Postgres or
 * Redis restarted succeeds once it is back, and a real failure still surfaces within the hour.
 * Every job is idempotent (an import is one transaction; enrichment and pivots overwrite their
 * own rows), so running one again is safe. Built-in backoff types only: any Worker can retry them.
 */
export function jobOptions(name: QueueName, backoffMs = getEnv().JOB_BACKOFF_MS): JobsOptions {
  return {
    attempts: JOB_ATTEMPTS[name],
    backoff: { type: "exponential", delay: backoffMs },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
}

/** Deterministic job ids (no ":"), so enqueueing the same work twice adds one job. */
export const importJobId = async (batchId: number) => `import-${await getInstanceId()}-${batchId}`;
export const pivotJobId = async (pivotRunId: number) => `pivot-${await getInstanceId()}-${pivotRunId}`;
export const emailJobId = async (notificationId: number) => `email-${await getInstanceId()}-${notificationId}`;
export const incidentSyncJobId = async (j: IncidentSyncJob) =>
  `incidents-${await getInstanceId()}-${j.caseId}-${j.statusChangeId}`;

let producer: Redis | undefined;
const queues = new Map<string, Queue>();

export function getQueue(name: QueueName): Queue {
  let queue = queues.get(name);
  if (!queue) {
    producer ??= createProducerConnection();
    queue = new Queue(name, {
      connection: producer,
      prefix: getEnv().QUEUE_PREFIX,
      defaultJobOptions: jobOptions(name),
    });
    queue.on("error", (err) => logger.warn("queue connection error", { queue: name, error: err.message }));
    queues.set(name, queue);
  }
  return queue;
}

/** How long a producer waits for Redis before telling the caller the queue is unavailable. */
const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * BullMQ's add() waits for a connection however long Redis is down; a web request or CLI call
 * must not. Fails with AppError("unavailable") after ENQUEUE_TIMEOUT_MS instead.
 */
async function addWithin<T>(add: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError("unavailable", "The job queue (Redis) is unreachable; try again shortly.")),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([add(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function enqueueImport(job: ImportJob): Promise<void> {
  const payload = importJobSchema.parse(job);
  const jobId = await importJobId(payload.batchId);
  await addWithin(() => getQueue(QUEUES.imports).add("import", payload, { jobId }));
}

export async function enqueuePivot(job: PivotJob): Promise<void> {
  const payload = pivotJobSchema.parse(job);
  const jobId = await pivotJobId(payload.pivotRunId);
  await addWithin(() => getQueue(QUEUES.pivots).add("pivot", payload, { jobId }));
}

export async function enqueueIncidentSync(job: IncidentSyncJob): Promise<void> {
  const payload = incidentSyncJobSchema.parse(job);
  const jobId = await incidentSyncJobId(payload);
  await addWithin(() => getQueue(QUEUES.incidents).add("incident-sync", payload, { jobId }));
}

/** One job per notification to email; enqueueing one twice adds one job. */
export async function enqueueEmails(notificationIds: number[]): Promise<void> {
  if (!notificationIds.length) return;
  const bulk = await Promise.all(
    notificationIds.map(async (id) => ({
      name: "email",
      data: emailJobSchema.parse({ notificationId: id }),
      opts: { jobId: await emailJobId(id) },
    })),
  );
  await addWithin(() => getQueue(QUEUES.email).addBulk(bulk));
}

export async function enqueueEnrichment(jobs: EnrichJob[]): Promise<void> {
  if (!jobs.length) return;
  const payloads = jobs.map((j) => enrichJobSchema.parse(j));
  const bulk = await Promise.all(
    payloads.map(async (data) => ({ name: "enrich", data, opts: { jobId: await enrichJobId(data) } })),
  );
  await addWithin(() => getQueue(QUEUES.enrichment).addBulk(bulk));
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
  producer?.disconnect();
  producer = undefined;
}
