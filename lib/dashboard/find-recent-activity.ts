// The latest changes to cases, for the dashboard: the case activity feeds of every case merged,
// newest first. Only entries that belong to a case: every role reads a case's activity on its
// page, while the rest of the log (users, sources) is the admins' /audit.
import type { AuditEntryItem } from "../audit/find-audit-entries";
import { getPrisma } from "../db";

export async function findRecentActivity(limit = 10): Promise<AuditEntryItem[]> {
  const prisma = getPrisma();
  // audit_entries_at_idx, read backwards until `limit` case entries are found.
  const rows = await prisma.auditEntry.findMany({
    where: { caseId: { not: null } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  const caseIds = [...new Set(rows.map((r) => r.caseId).filter((id): id is number => id !== null))];
  const cases = caseIds.length
    ? await prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true } })
    : [];
  const numbers = new Map(cases.map((c) => [c.id, c.number]));
  return rows.map((r) => ({
    ...r,
    id: r.id.toString(),
    caseNumber: r.caseId === null ? null : (numbers.get(r.caseId) ?? null),
  }));
}
