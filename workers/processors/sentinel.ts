// Pulls one source's new SecurityAlert rows (lib/sentinel/pull-alerts.ts). A failed pull is
// recorded on the source and retried by BullMQ; the next scheduled pull starts from the cursor.
import type { Job } from "bullmq";
import { pullJobSchema } from "../../lib/jobs/queues";
import { pullAlerts } from "../../lib/sentinel/pull-alerts";
import { getPrisma } from "../../lib/db";

export async function processPull(job: Job) {
  const { sourceId } = pullJobSchema.parse(job.data);
  const source = await getPrisma().dataSource.findUnique({ where: { id: sourceId } });
  if (!source?.enabled) return { sourceId, skipped: "source disabled or removed" };
  const s = await pullAlerts(sourceId);
  return { sourceId, rows: s.rows, imported: s.imported, updated: s.updated, cursor: s.cursor };
}
