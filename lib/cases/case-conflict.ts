// Builds the conflict error for a case whose version moved on: reads the case as it is now and
// its last audited change, inside the transaction whose scoped write matched no row.
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { ConflictError } from "./conflict-error";

export type CaseField = "status" | "title" | "severity" | "tags" | "owner" | "classification";

export async function caseConflict(tx: Prisma.TransactionClient, caseId: number, field: CaseField): Promise<AppError> {
  const now = await tx.case.findUnique({
    where: { id: caseId },
    select: {
      version: true,
      status: true,
      title: true,
      severity: true,
      tags: true,
      classification: true,
      owner: { select: { name: true, email: true } },
    },
  });
  if (!now) return new AppError("not_found", "No such case.");
  // audit_entries_case_id_at_idx
  const last = await tx.auditEntry.findFirst({
    where: { caseId, entityType: "case" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { actorLabel: true, at: true },
  });
  const value = {
    status: now.status,
    title: `"${now.title}"`,
    severity: now.severity ?? "none",
    tags: now.tags.length ? now.tags.join(", ") : "none",
    owner: now.owner ? now.owner.name || now.owner.email : "unassigned",
    classification: now.classification ?? "none",
  }[field];
  return new ConflictError({
    entity: "case",
    field,
    value,
    version: now.version,
    changedBy: last?.actorLabel ?? null,
    changedAt: last?.at.toISOString() ?? null,
  });
}
