// One BullMQ job scheduler per enabled source on the `sentinel` queue, every pullIntervalSeconds;
// disabled and deleted sources lose theirs. Called at worker start and after every change to the
// sources (lib/sentinel/sources/after-sources-changed.ts). Scheduler ids carry the database's
// instance id, like every job id (lib/jobs/instance-id.ts).
import { getPrisma } from "../db";
import { getQueue, QUEUES } from "../jobs/queues";
import { getInstanceId } from "../jobs/instance-id";

export async function pullSchedulerId(sourceId: number): Promise<string> {
  return `pull-${await getInstanceId()}-${sourceId}`;
}

export async function syncPullSchedules(): Promise<{ scheduled: number[]; removed: string[] }> {
  const queue = getQueue(QUEUES.sentinel);
  const sources = await getPrisma().dataSource.findMany({
    where: { enabled: true },
    select: { id: true, pullIntervalSeconds: true },
  });
  const wanted = new Map<string, { id: number; every: number }>();
  for (const s of sources) wanted.set(await pullSchedulerId(s.id), { id: s.id, every: s.pullIntervalSeconds * 1000 });
  const prefix = `pull-${await getInstanceId()}-`;
  const removed: string[] = [];
  for (const existing of await queue.getJobSchedulers(0, -1)) {
    const key = existing.key ?? existing.id ?? "";
    if (key.startsWith(prefix) && !wanted.has(key)) {
      await queue.removeJobScheduler(key);
      removed.push(key);
    }
  }
  for (const [key, s] of wanted) {
    await queue.upsertJobScheduler(key, { every: s.every }, { name: "pull", data: { sourceId: s.id } });
  }
  return { scheduled: sources.map((s) => s.id), removed };
}
