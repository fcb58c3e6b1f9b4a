// Opens a case by hand from alerts in the queue (typically ones enrichment found no shell for, or
// found one with too little confidence). The host comes from the alerts' finding (the name the IIS
// log uses) or else their host entity; the shell location from a finding when there is one. The
// case (./open-case.ts: number, playbook tasks, case.create) is owned by whoever opened it. The
// case, the alerts' move and every audit entry commit together.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { AppError } from "../errors";
import { alertIdsSchema } from "./alert-ids";
import { openCase } from "./open-case";
import { severityRank, toCaseSeverity } from "./case-severity";

export const createCaseFromAlertsSchema = z.object({ alertIds: alertIdsSchema });

export async function createCaseFromAlerts(
  actor: Actor,
  input: z.input<typeof createCaseFromAlertsSchema>,
): Promise<{ id: number; number: string }> {
  requireRole(actor, "analyst");
  const { alertIds } = parseInput(createCaseFromAlertsSchema, input);

  return transact(async (tx, after) => {
    const alerts = await tx.alert.findMany({
      where: { id: { in: alertIds } },
      orderBy: [{ timeGenerated: "asc" }, { id: "asc" }],
      select: {
        id: true,
        systemAlertId: true,
        displayName: true,
        alertName: true,
        severity: true,
        compromisedEntity: true,
        caseId: true,
        dismissedAt: true,
        case: { select: { number: true } },
        hosts: { select: { hostName: true, fqdn: true }, orderBy: { id: "asc" } },
        finding: { select: { id: true, hostName: true, site: true, shellLocation: true } },
      },
    });
    const missing = alertIds.filter((id) => !alerts.some((a) => a.id === id));
    if (missing.length) throw new AppError("bad_request", `alertIds: no alert with id ${missing.join(", ")}.`);
    const inCase = alerts.find((a) => a.case);
    if (inCase) {
      throw new AppError(
        "bad_request",
        `alertIds: alert ${inCase.systemAlertId} is already in ${inCase.case!.number}; open that case or leave the alert out.`,
      );
    }

    const finding = alerts.find((a) => a.finding)?.finding ?? null;
    const entityHost = alerts.flatMap((a) => a.hosts.map((h) => h.hostName ?? h.fqdn)).find(Boolean);
    const hostName = finding?.hostName ?? entityHost ?? alerts.find((a) => a.compromisedEntity)?.compromisedEntity;
    if (!hostName) throw new AppError("bad_request", "alertIds: the selected alerts name no host.");
    const severity =
      alerts.map((a) => toCaseSeverity(a.severity)).sort((a, b) => severityRank(b) - severityRank(a))[0] ?? null;
    const first = alerts[0]!;
    const title = finding
      ? `Web shell ${finding.shellLocation} on ${hostName}`
      : `${first.displayName ?? first.alertName ?? "Alert"} on ${hostName}`;

    const kase = await openCase(tx, {
      actor,
      hostName,
      site: finding?.site ?? null,
      shellLocation: finding?.shellLocation ?? null,
      severity,
      title,
      ownerId: actor.id,
      from: { alertIds },
    });
    // Scoped to alerts still in no case: one moved by someone else meanwhile is not taken.
    const { count } = await tx.alert.updateMany({
      where: { id: { in: alertIds }, caseId: null },
      data: { caseId: kase.id, dismissedAt: null, dismissedById: null, dismissReason: null },
    });
    if (count !== alertIds.length) {
      throw new AppError("conflict", "Someone else put one of these alerts in a case meanwhile. Reload to see it.");
    }
    await tx.finding.updateMany({ where: { alertId: { in: alertIds } }, data: { caseId: kase.id } });

    for (const a of alerts) {
      await recordAudit(tx, {
        actor,
        caseId: kase.id,
        entityType: "alert",
        entityId: a.id,
        action: "alert.add_to_case",
        before: { caseId: null, dismissed: a.dismissedAt !== null },
        after: { caseId: kase.id, caseNumber: kase.number },
      });
    }
    after.live("cases", "case.created");
    after.live("alerts", "alerts.changed");
    return { id: kase.id, number: kase.number };
  });
}
