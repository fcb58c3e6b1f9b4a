// Puts alerts (and their findings, so the evidence moves with them) into an open case, chosen by
// id or by its number. An alert may come from another case or from the dismissed pile: the
// audit entry says where it was. Each move is scoped to the case the alert was in when read.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { AppError } from "../errors";
import { alertIdsSchema } from "./alert-ids";
import { upsertCaseAttackers } from "../attackers/upsert-case-attackers";
import { parseFindingJson } from "../findings/parse-finding-json";

export const addAlertsToCaseSchema = z
  .object({
    caseId: z.number().int().positive().optional(),
    caseNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^CASE-\d{4}-\d{4,}$/, "a case number looks like CASE-2026-0001")
      .optional(),
    alertIds: alertIdsSchema,
  })
  .refine((v) => v.caseId !== undefined || v.caseNumber !== undefined, {
    message: "name the case to add the alerts to",
    path: ["caseNumber"],
  });

export async function addAlertsToCase(
  actor: Actor,
  input: z.input<typeof addAlertsToCaseSchema>,
): Promise<{ caseId: number; number: string; added: number }> {
  requireRole(actor, "analyst");
  const { caseId, caseNumber, alertIds } = parseInput(addAlertsToCaseSchema, input);

  return transact(async (tx, after) => {
    const kase = await tx.case.findUnique({
      where: caseId !== undefined ? { id: caseId } : { number: caseNumber! },
      select: { id: true, number: true, status: true },
    });
    if (!kase) throw new AppError("not_found", `No case ${caseNumber ?? caseId}.`);
    if (kase.status === "closed") {
      throw new AppError("bad_request", `caseNumber: ${kase.number} is closed; reopen it before adding alerts.`);
    }
    const alerts = await tx.alert.findMany({
      where: { id: { in: alertIds } },
      select: { id: true, caseId: true, dismissedAt: true, case: { select: { number: true } } },
    });
    const missing = alertIds.filter((id) => !alerts.some((a) => a.id === id));
    if (missing.length) throw new AppError("bad_request", `alertIds: no alert with id ${missing.join(", ")}.`);

    let added = 0;
    for (const a of alerts.filter((a) => a.caseId !== kase.id)) {
      const { count } = await tx.alert.updateMany({
        where: { id: a.id, caseId: a.caseId },
        data: { caseId: kase.id, dismissedAt: null, dismissedById: null, dismissReason: null },
      });
      if (count === 0) {
        throw new AppError("conflict", "Someone else moved one of these alerts meanwhile. Reload to see it.");
      }
      await tx.finding.updateMany({ where: { alertId: a.id }, data: { caseId: kase.id } });
      // The finding's attackers move with it: linked to this case, unlinked from the one it left
      // (unless another finding there still names them).
      const finding = await tx.finding.findUnique({ where: { alertId: a.id }, select: { attackers: true } });
      if (finding) {
        const { attackers } = parseFindingJson({ attackers: finding.attackers, evidence: [], installedVia: null });
        await upsertCaseAttackers(tx, kase.id, attackers);
      }
      if (a.caseId !== null) await upsertCaseAttackers(tx, a.caseId, []);
      await recordAudit(tx, {
        actor,
        caseId: kase.id,
        entityType: "alert",
        entityId: a.id,
        action: "alert.add_to_case",
        before: { caseId: a.caseId, caseNumber: a.case?.number ?? null, dismissed: a.dismissedAt !== null },
        after: { caseId: kase.id, caseNumber: kase.number },
      });
      added++;
    }
    if (added > 0) {
      after.live(caseTopic(kase.id), "case.changed");
      after.live("cases", "case.changed");
      after.live("alerts", "alerts.changed");
    }
    return { caseId: kase.id, number: kase.number, added };
  });
}
