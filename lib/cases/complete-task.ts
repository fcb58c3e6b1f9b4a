// Marks a playbook task done (who and when), or not done again, at the version the caller read.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { AppError } from "../errors";
import { taskConflict } from "./task-conflict";

export const completeTaskSchema = z.object({
  taskId: z.number().int().positive(),
  version: z.number().int().positive(),
  done: z.boolean(),
});

export async function completeTask(
  actor: Actor,
  input: z.input<typeof completeTaskSchema>,
): Promise<{ version: number }> {
  requireRole(actor, "analyst");
  const { taskId, version, done } = parseInput(completeTaskSchema, input);
  return transact(async (tx, after) => {
    const before = await tx.caseTask.findUnique({
      where: { id: taskId },
      select: { caseId: true, key: true, version: true, doneAt: true, doneBy: { select: { email: true } } },
    });
    if (!before) throw new AppError("not_found", "No such task.");
    if (before.version !== version) throw await taskConflict(tx, taskId, "done");
    if ((before.doneAt !== null) === done) return { version };
    const now = new Date();
    const { count } = await tx.caseTask.updateMany({
      where: { id: taskId, version },
      data: done
        ? { doneAt: now, doneById: actor.id, version: { increment: 1 } }
        : { doneAt: null, doneById: null, version: { increment: 1 } },
    });
    if (count === 0) throw await taskConflict(tx, taskId, "done");
    await recordAudit(tx, {
      actor,
      caseId: before.caseId,
      entityType: "task",
      entityId: taskId,
      action: done ? "task.complete" : "task.uncomplete",
      before: { key: before.key, done: before.doneAt !== null, doneBy: before.doneBy?.email ?? null },
      after: { key: before.key, done, doneBy: done ? actor.email : null },
    });
    after.live(caseTopic(before.caseId), "case.changed");
    return { version: version + 1 };
  });
}
