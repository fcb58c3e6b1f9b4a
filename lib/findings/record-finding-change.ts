// Audits what the system did to an alert's finding (re-enrichment after late logs, a re-imported
// alert, an analyst's "enrich again"), as the system, with the values before and after, so that
// a finding never changes under an analyst's eyes — closed cases included — without a trace.
// A first finding that opens or joins a case is recorded by the case's own case.create; one that
// lands in a case the alert was already in is a finding.create. Nothing changed: no entry.
import type { Prisma } from "../generated/prisma/client";
import type { FindingValues } from "../audit/events";
import { recordAudit } from "../audit/record-audit";

const same = (a: FindingValues, b: FindingValues) => JSON.stringify(a) === JSON.stringify(b);

export async function recordFindingChange(
  tx: Prisma.TransactionClient,
  change: {
    findingId: number;
    before: FindingValues | null;
    after: FindingValues | null;
    /** The case the alert was in before this enrichment. */
    alertCaseId: number | null;
  },
): Promise<void> {
  const { findingId, before, after, alertCaseId } = change;
  const base = { actor: null, entityType: "finding", entityId: findingId } as const;
  if (before && after) {
    if (same(before, after)) return;
    await recordAudit(tx, { ...base, action: "finding.change", caseId: after.caseId, before, after });
  } else if (before) {
    await recordAudit(tx, { ...base, action: "finding.delete", caseId: before.caseId, before, after: null });
  } else if (after && alertCaseId !== null) {
    await recordAudit(tx, { ...base, action: "finding.create", caseId: after.caseId, before: null, after });
  }
}
