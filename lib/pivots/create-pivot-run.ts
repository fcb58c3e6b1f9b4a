// Stores a pivot run and queues it. The row is written first and the job added after it is
// committed (a job must never point at a row that is not there yet); if the queue is
// unreachable the run is marked failed with the reason, so the case page can offer to run it again.
import type { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { enqueuePivot } from "../jobs/queues";
import { caseTopic } from "../live/events";
import { publishLive } from "../live/publish";
import { logger } from "../logger";
import { pivotParamsSchema, type PivotParams, type PivotParamsInput } from "./pivot-params";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/roles";

export interface CreatePivotRunInput {
  caseId: number | null;
  params: PivotParamsInput;
  /** Who asked (null: the system); the run and its audit entry (pivot.run) name them. */
  actor: Pick<Actor, "id" | "email"> | null;
}

export async function createPivotRun(input: CreatePivotRunInput): Promise<{ id: number; params: PivotParams }> {
  const parsed = pivotParamsSchema.safeParse(input.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("bad_request", `${issue.path.join(".") || "params"}: ${issue.message}`);
  }
  const prisma = getPrisma();
  if (input.caseId !== null && !(await prisma.case.findUnique({ where: { id: input.caseId }, select: { id: true } }))) {
    throw new AppError("not_found", "No such case.");
  }
  const run = await prisma.$transaction(async (tx) => {
    const created = await tx.pivotRun.create({
      data: {
        caseId: input.caseId,
        params: parsed.data as unknown as Prisma.InputJsonValue,
        requestedById: input.actor?.id ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: input.actor,
      caseId: input.caseId,
      entityType: "pivot",
      entityId: created.id,
      action: "pivot.run",
      after: parsed.data,
    });
    return created;
  });
  if (input.caseId !== null) {
    await publishLive([{ topic: caseTopic(input.caseId), kind: "pivot.queued", data: { id: run.id } }]);
  }
  await queuePivotRun(run.id);
  return { id: run.id, params: parsed.data };
}

/** Adds the job of a stored run; on failure the run says why and AppError("unavailable") is thrown. */
export async function queuePivotRun(id: number): Promise<void> {
  try {
    await enqueuePivot({ pivotRunId: id });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn("pivot run not queued", { pivotRunId: id, error: reason });
    await getPrisma().pivotRun.update({
      where: { id },
      data: { status: "failed", error: `not queued (${reason}); run it again`, finishedAt: new Date() },
    });
    throw err instanceof AppError
      ? err
      : new AppError("unavailable", "The job queue is unreachable; try again shortly.");
  }
}
