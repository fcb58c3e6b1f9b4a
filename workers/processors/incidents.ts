import { UnrecoverableError, type Job } from "bullmq";
import { incidentSyncJobSchema } from "../../lib/jobs/queues";
import { syncCaseIncidents } from "../../lib/cases/sync-case-incidents";

export async function processIncidentSync(job: Job): Promise<string> {
  const parsed = incidentSyncJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid incident sync job payload: ${parsed.error.message}`);
  const r = await syncCaseIncidents(parsed.data.caseId, parsed.data.statusChangeId);
  if (r.skipped) return `skipped (${r.skipped})`;
  return `${r.written} incident(s) written, ${r.unchanged} already so, ${r.refreshErrors} source(s) not refreshed`;
}
