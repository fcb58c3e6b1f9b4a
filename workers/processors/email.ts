import { UnrecoverableError, type Job } from "bullmq";
import { emailJobSchema } from "../../lib/jobs/queues";
import { sendNotificationEmail } from "../../lib/notifications/send-notification-email";

export async function processEmail(job: Job): Promise<string> {
  const parsed = emailJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid email job payload: ${parsed.error.message}`);
  return sendNotificationEmail(parsed.data.notificationId);
}
