// Assigns a playbook task to an analyst or admin (or to nobody), at the version the caller read.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { notify } from "../notifications/notify";
import { casePath } from "../notifications/case-audience";
import { AppError } from "../errors";
import { taskConflict } from "./task-conflict";

export const assignTaskSchema = z.object({
  taskId: z.number().int().positive(),
  version: z.number().int().positive(),
  assigneeId: z.number().int().positive().nullable(),
});

export async function assignTask(actor: Actor, input: z.input<typeof assignTaskSchema>): Promise<{ version: number }> {
  requireRole(actor, "analyst");
  const { taskId, version, assigneeId } = parseInput(assignTaskSchema, input);
  return transact(async (tx, after) => {
    const before = await tx.caseTask.findUnique({
      where: { id: taskId },
      select: {
        caseId: true,
        key: true,
        title: true,
        case: { select: { number: true } },
        version: true,
        assigneeId: true,
        assignee: { select: { id: true, name: true, email: true } },
      },
    });
    if (!before) throw new AppError("not_found", "No such task.");
    if (before.version !== version) throw await taskConflict(tx, taskId, "assignee");
    if (before.assigneeId === assigneeId) return { version };
    const assignee =
      assigneeId === null
        ? null
        : await tx.user.findFirst({
            where: { id: assigneeId, disabled: false, role: { in: ["analyst", "admin"] } },
            select: { id: true, name: true, email: true },
          });
    if (assigneeId !== null && !assignee) {
      throw new AppError("bad_request", "assigneeId: no active analyst or admin has this id.");
    }
    const { count } = await tx.caseTask.updateMany({
      where: { id: taskId, version },
      data: { assigneeId, version: { increment: 1 } },
    });
    if (count === 0) throw await taskConflict(tx, taskId, "assignee");
    await recordAudit(tx, {
      actor,
      caseId: before.caseId,
      entityType: "task",
      entityId: taskId,
      action: "task.assign",
      before: { key: before.key, assignee: before.assignee },
      after: { key: before.key, assignee },
    });
    if (assignee) {
      await notify(tx, after, { actorId: actor.id, caseId: before.caseId }, [
        {
          userId: assignee.id,
          kind: "task_assigned",
          summary: `${actor.name} assigned you "${before.title}" in ${before.case.number}`,
          link: casePath(before.case.number),
        },
      ]);
    }
    after.live(caseTopic(before.caseId), "case.changed");
    return { version: version + 1 };
  });
}
