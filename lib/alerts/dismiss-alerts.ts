// Dismisses alerts from the queue with a written reason (benign, duplicate, test, …). An alert in a
// case is part of an investigation and is not dismissed; one already dismissed keeps its first
// dismissal. Every dismissal is audited in the transaction that makes it.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { alertIdsSchema } from "../cases/alert-ids";
import { transact } from "../transact";

export const dismissAlertsSchema = z.object({
  alertIds: alertIdsSchema,
  reason: z
    .string({ message: "say why these alerts are dismissed" })
    .trim()
    .min(1, "say why these alerts are dismissed")
    .max(500, "at most 500 characters"),
});

export async function dismissAlerts(
  actor: Actor,
  input: z.input<typeof dismissAlertsSchema>,
): Promise<{ dismissed: number }> {
  requireRole(actor, "analyst");
  const { alertIds, reason } = parseInput(dismissAlertsSchema, input);

  return transact(async (tx, after) => {
    const alerts = await tx.alert.findMany({
      where: { id: { in: alertIds } },
      select: { id: true, systemAlertId: true, dismissedAt: true, case: { select: { number: true } } },
    });
    const missing = alertIds.filter((id) => !alerts.some((a) => a.id === id));
    if (missing.length) throw new AppError("bad_request", `alertIds: no alert with id ${missing.join(", ")}.`);
    const inCase = alerts.find((a) => a.case);
    if (inCase) {
      throw new AppError(
        "bad_request",
        `alertIds: alert ${inCase.systemAlertId} is in ${inCase.case!.number}; conclude it there instead.`,
      );
    }
    const now = new Date();
    let dismissed = 0;
    for (const a of alerts.filter((a) => a.dismissedAt === null)) {
      // Scoped: still in no case and not dismissed by someone else meanwhile.
      const { count } = await tx.alert.updateMany({
        where: { id: a.id, caseId: null, dismissedAt: null },
        data: { dismissedAt: now, dismissedById: actor.id, dismissReason: reason },
      });
      if (count === 0) continue;
      await recordAudit(tx, {
        actor,
        entityType: "alert",
        entityId: a.id,
        action: "alert.dismiss",
        before: { dismissed: false },
        after: { dismissed: true, reason },
      });
      dismissed++;
    }
    if (dismissed > 0) after.live("alerts", "alerts.dismissed", { count: dismissed });
    return { dismissed };
  });
}
