import { UnrecoverableError, type Job } from "bullmq";
import { enrichJobSchema } from "../../lib/jobs/queues";
import { enrichAlert } from "../../lib/enrich/enrich-alert";

export async function processEnrichment(job: Job): Promise<string> {
  const parsed = enrichJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid enrichment job payload: ${parsed.error.message}`);
  // Failures (database unreachable, a bug) are retried with backoff; the alert shows the error.
  return enrichAlert(parsed.data.alertId, { generation: parsed.data.generation });
}
