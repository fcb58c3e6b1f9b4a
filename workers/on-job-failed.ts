// What a worker does when a job fails: log it, and when it will not run again (last attempt,
// an unrecoverable error, a job that kept crashing its worker) make its import, or its
// notification's email, say so.
import type { Job } from "bullmq";
import { logger } from "../lib/logger";
import { emailJobSchema, importJobSchema, type QueueName } from "../lib/jobs/queues";
import { markImportFailed } from "../lib/ingest/run-import-batch";
import { markEmailFailed } from "../lib/notifications/send-notification-email";

export async function onJobFailed(queue: QueueName, job: Job | undefined, err: Error): Promise<void> {
  // BullMQ sets finishedOn only when it moved the job to failed, not when it will retry it.
  const final = !!job?.finishedOn;
  logger.error("job failed", { queue, jobId: job?.id, attempts: job?.attemptsMade, final, error: err.message });
  if (!job || !final) return;
  if (queue === "email") {
    const email = emailJobSchema.safeParse(job.data);
    if (email.success) {
      await markEmailFailed(email.data.notificationId, err.message).catch((markError: unknown) =>
        logger.error("failed email not marked", {
          notificationId: email.data.notificationId,
          error: String(markError),
        }),
      );
    }
    return;
  }
  if (queue !== "imports") return;
  const parsed = importJobSchema.safeParse(job.data);
  if (!parsed.success) return;
  try {
    await markImportFailed(parsed.data.batchId, err.message);
  } catch (markError) {
    logger.error("failed import not marked", { batchId: parsed.data.batchId, error: String(markError) });
  }
}
