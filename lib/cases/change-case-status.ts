// Moves a case along its lifecycle (lib/cases/case-lifecycle.ts). In one transaction: the case
// row, scoped to the version the caller read; the status change (age and time in each state
// come from these); and the audit entry with the status, classification and conclusion before
// and after. After it commits, a close or reopen of a case holding alerts of a source with
// incident sync on is queued for its Sentinel incidents (docs/sentinel-incidents.md); a queue
// outage is logged, never undoes the change. The case's owner and watchers are notified.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { notify } from "../notifications/notify";
import { caseAudience, casePath } from "../notifications/case-audience";
import { enqueueIncidentSync } from "../jobs/queues";
import { logger } from "../logger";
import { AppError } from "../errors";
import { CaseClassification, CaseStatus } from "../generated/prisma/enums";
import { caseConflict } from "./case-conflict";
import { checkTransition, isReopen } from "./case-lifecycle";

export const changeCaseStatusSchema = z.object({
  caseId: z.number().int().positive(),
  version: z.number().int().positive(),
  to: z.enum(CaseStatus),
  classification: z.enum(CaseClassification).nullish(),
  conclusion: z.string().max(20_000, "at most 20,000 characters").nullish(),
});

export type ChangeCaseStatusInput = z.input<typeof changeCaseStatusSchema>;

export async function changeCaseStatus(
  actor: Actor,
  input: ChangeCaseStatusInput,
): Promise<{ version: number; status: CaseStatus }> {
  requireRole(actor, "analyst");
  const { caseId, version, to, classification, conclusion } = parseInput(changeCaseStatusSchema, input);

  const result = await transact(async (tx, afterCommit) => {
    const before = await tx.case.findUnique({
      where: { id: caseId },
      select: { version: true, status: true, classification: true, conclusion: true },
    });
    if (!before) throw new AppError("not_found", "No such case.");
    if (before.version !== version) throw await caseConflict(tx, caseId, "status");
    checkTransition(before.status, to, { classification, conclusion });

    const now = new Date();
    const closing = to === CaseStatus.closed;
    const after = {
      status: to,
      // Reopening clears the decision; the audit entry keeps what it was.
      classification: closing ? classification! : isReopen(before.status, to) ? null : before.classification,
      conclusion: closing ? conclusion!.trim() : isReopen(before.status, to) ? null : before.conclusion,
    };
    const { count } = await tx.case.updateMany({
      where: { id: caseId, version },
      data: {
        ...after,
        statusChangedAt: now,
        closedAt: closing ? now : null,
        version: { increment: 1 },
      },
    });
    if (count === 0) throw await caseConflict(tx, caseId, "status");
    const change = await tx.caseStatusChange.create({
      data: { caseId, fromStatus: before.status, toStatus: to, changedById: actor.id, changedAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      caseId,
      entityType: "case",
      entityId: caseId,
      action: "case.status",
      before: { status: before.status, classification: before.classification, conclusion: before.conclusion },
      after,
    });
    const audience = await caseAudience(tx, caseId);
    const decision = closing ? ` as ${after.classification!.replace(/_/g, " ")}` : "";
    await notify(
      tx,
      afterCommit,
      { actorId: actor.id, caseId },
      audience.userIds.map((userId) => ({
        userId,
        kind: "case_status",
        summary: `${actor.name} moved ${audience.number} to ${to}${decision}: ${audience.title}`,
        link: casePath(audience.number),
      })),
    );
    afterCommit.live(caseTopic(caseId), "case.changed");
    afterCommit.live("cases", "case.changed");
    return {
      version: version + 1,
      status: to,
      writeBack: closing || isReopen(before.status, to) ? change.id : null,
    };
  });
  if (result.writeBack !== null && (await writesBackToSentinel(caseId))) {
    try {
      await enqueueIncidentSync({ caseId, statusChangeId: result.writeBack });
    } catch (err) {
      logger.error("incident write-back not queued", {
        caseId,
        statusChangeId: result.writeBack,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { version: result.version, status: result.status };
}

/** Whether any alert of the case came from an enabled source that writes incidents back. */
async function writesBackToSentinel(caseId: number): Promise<boolean> {
  const n = await getPrisma().alert.count({ where: { caseId, source: { enabled: true, incidentSync: true } } });
  return n > 0;
}
