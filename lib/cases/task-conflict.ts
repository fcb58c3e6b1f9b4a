// Why a scoped write to a task matched no row: gone, or changed since the caller read it.
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { ConflictError } from "./conflict-error";

export async function taskConflict(
  tx: Prisma.TransactionClient,
  taskId: number,
  field: "assignee" | "done",
): Promise<AppError> {
  const task = await tx.caseTask.findUnique({
    where: { id: taskId },
    select: {
      version: true,
      caseId: true,
      doneAt: true,
      assignee: { select: { name: true, email: true } },
      doneBy: { select: { email: true } },
    },
  });
  if (!task) return new AppError("not_found", "No such task.");
  const last = await tx.auditEntry.findFirst({
    where: { caseId: task.caseId, entityType: "task", entityId: String(taskId) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { actorLabel: true, at: true },
  });
  return new ConflictError({
    entity: "task",
    field,
    value:
      field === "assignee"
        ? task.assignee
          ? task.assignee.name || task.assignee.email
          : "unassigned"
        : task.doneAt
          ? "done"
          : "not done",
    version: task.version,
    changedBy: last?.actorLabel ?? null,
    changedAt: last?.at.toISOString() ?? null,
  });
}
