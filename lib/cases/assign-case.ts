// Puts a finding in a case: the open case that already holds the same host and shell (so the
// file alert and the command alerts of one intrusion share it), or a new one (./open-case.ts).
// Runs in the caller's (enrichment's) transaction.
import type { Prisma } from "../generated/prisma/client";
import { openCase } from "./open-case";

export async function assignCase(
  tx: Prisma.TransactionClient,
  finding: { id: number; alertId: number; hostName: string; site: string | null; shellLocation: string },
  /** The case the alert is in (its first enrichment, or an analyst moved it), or null. */
  alertCaseId: number | null,
  severity: string | null,
): Promise<number> {
  // An alert belongs to one case: once it is in one, its finding stays there, even if that case
  // is closed since — a late log must neither pull the finding back to the host and shell's case
  // nor open a new case beside the alert's.
  if (alertCaseId !== null) {
    await tx.$executeRaw`UPDATE findings SET case_id = ${alertCaseId} WHERE id = ${finding.id}`;
    return alertCaseId;
  }
  // Serialise case creation for one host and shell, so that two alerts of one intrusion enriched
  // at once cannot open two cases.
  const lockKey = `case:${finding.hostName.toLowerCase()}:${finding.shellLocation.toLowerCase()}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
  const open = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM cases
     WHERE status <> 'closed' AND lower(host_name) = lower(${finding.hostName})
       AND lower(shell_location) = lower(${finding.shellLocation})
     ORDER BY id LIMIT 1`;
  const caseId =
    open[0]?.id ??
    (
      await openCase(tx, {
        actor: null,
        hostName: finding.hostName,
        site: finding.site,
        shellLocation: finding.shellLocation,
        severity,
        from: { findingId: finding.id },
      })
    ).id;
  await tx.$executeRaw`UPDATE findings SET case_id = ${caseId} WHERE id = ${finding.id}`;
  // The alert follows its finding into the case.
  await tx.$executeRaw`UPDATE alerts SET case_id = ${caseId} WHERE id = ${finding.alertId}`;
  return caseId;
}
