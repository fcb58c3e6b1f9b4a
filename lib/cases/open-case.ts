// Opens a case: the one place a case is born, whether enrichment opens it for a new finding
// (lib/cases/assign-case.ts) or an analyst opens it from alerts (./create-case-from-alerts.ts).
// Number, title, the first status change, the playbook tasks and the case.create audit entry,
// all in the caller's transaction. Putting alerts and findings in the case is the caller's part.
import type { Prisma } from "../generated/prisma/client";
import type { AuditActor, CaseCreatedValues } from "../audit/events";
import { recordAudit } from "../audit/record-audit";
import { playbookTaskRows } from "./playbook";

export interface OpenCaseInput {
  /** Null when enrichment opens it (the system). */
  actor: AuditActor;
  hostName: string;
  site: string | null;
  shellLocation: string | null;
  severity: string | null;
  /** Defaults to "Web shell <location> on <host>". */
  title?: string;
  ownerId?: number;
  /** Recorded in the case.create entry: what the case was opened from. */
  from: Pick<CaseCreatedValues, "alertIds" | "findingId" | "alertId">;
}

/** The next CASE-<year>-<n>: one counter row per year, incremented atomically, never reused. */
export async function nextCaseNumber(tx: Prisma.TransactionClient, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO case_counters (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`;
  return `CASE-${year}-${String(rows[0]!.last).padStart(4, "0")}`;
}

export async function openCase(
  tx: Prisma.TransactionClient,
  input: OpenCaseInput,
): Promise<{ id: number; number: string; title: string }> {
  const number = await nextCaseNumber(tx);
  const title = input.title ?? `Web shell ${input.shellLocation} on ${input.hostName}`;
  const kase = await tx.case.create({
    data: {
      number,
      title,
      hostName: input.hostName,
      site: input.site,
      shellLocation: input.shellLocation,
      severity: input.severity,
      ownerId: input.ownerId ?? null,
      statusChanges: { create: { fromStatus: null, toStatus: "new", changedById: input.actor?.id ?? null } },
    },
    select: { id: true },
  });
  await tx.caseTask.createMany({ data: playbookTaskRows(kase.id) });
  await recordAudit(tx, {
    actor: input.actor,
    caseId: kase.id,
    entityType: "case",
    entityId: kase.id,
    action: "case.create",
    before: null,
    after: {
      number,
      title,
      hostName: input.hostName,
      site: input.site,
      shellLocation: input.shellLocation,
      severity: input.severity,
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      ...input.from,
    },
  });
  return { id: kase.id, number, title };
}
