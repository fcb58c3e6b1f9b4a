// In the worker that serves the email queue: every `intervalS` seconds, queue again the
// notifications still waiting for their email a minute after they were made (the web process
// could not reach Redis when it committed them, or the job was lost with Redis's data).
import { enqueueEmails } from "../lib/jobs/queues";
import { logger } from "../lib/logger";
import { pendingEmailsOlderThan } from "../lib/notifications/send-notification-email";
import { runEvery, type Housekeeper } from "./run-every";

export function startEmailReconciler(opts: { intervalS: number; olderThanMs?: number }): Housekeeper {
  return runEvery("email reconciler", opts.intervalS * 1000, async () => {
    const ids = await pendingEmailsOlderThan(opts.olderThanMs ?? 60_000);
    if (!ids.length) return;
    await enqueueEmails(ids);
    logger.info("re-queued notification emails", { count: ids.length });
  });
}
