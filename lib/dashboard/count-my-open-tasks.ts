// The actor's open tasks: assigned to them, not done, on a case that is not closed (a closed
// case's leftover playbook steps are no one's work). The same condition as findTasks.
import { getPrisma } from "../db";

export async function countMyOpenTasks(actorId: number): Promise<number> {
  // case_tasks_assignee_id_done_at_idx: the actor's not-done tasks, then each case by its key.
  const [{ count }] = await getPrisma().$queryRaw<[{ count: number }]>`
    SELECT count(*)::int AS count FROM case_tasks t JOIN cases c ON c.id = t.case_id
     WHERE t.assignee_id = ${actorId} AND t.done_at IS NULL AND c.status <> 'closed'`;
  return count;
}
