// The audit log, newest first: a case's activity feed (caseId) and the admins' global view
// (filtered by actor and action). Read-only by construction: audit_entries has no update or
// delete path in code, and a trigger refuses both in the database.
import { z } from "zod";
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { parseInput } from "../parse-input";
import { pageParamsSchema, skipFor, type Page } from "../paging";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const auditFiltersSchema = z.object({
  caseId: z.coerce.number().int().positive().optional(),
  actorId: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  /** An action (case.status), or a family of them when it ends with a dot (case.). */
  action: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(60)
      .regex(/^[a-z_]+(\.[a-z_]*)?$/, "action: like case.status, or case. for every case action")
      .optional(),
  ),
});

export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export interface AuditEntryItem {
  /** BigInt in the database; a string here so that it crosses to the client. */
  id: string;
  at: Date;
  actorId: number | null;
  actorLabel: string;
  caseId: number | null;
  /** The case's number, when the entry belongs to one that still exists. */
  caseNumber: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export async function findAuditEntries(
  params: z.input<typeof auditFiltersSchema> & z.input<typeof pageParamsSchema> = {},
): Promise<Page<AuditEntryItem>> {
  const { page, perPage } = pageParamsSchema.parse({ page: params.page, perPage: params.perPage });
  const filters = parseInput(auditFiltersSchema, {
    caseId: params.caseId,
    actorId: params.actorId,
    action: params.action,
  });
  const where: Prisma.AuditEntryWhereInput = {};
  if (filters.caseId !== undefined) where.caseId = filters.caseId;
  if (filters.actorId !== undefined) where.actorId = filters.actorId;
  if (filters.action !== undefined) {
    where.action = filters.action.endsWith(".") ? { startsWith: filters.action } : filters.action;
  }
  const prisma = getPrisma();
  const [rows, count] = await Promise.all([
    // audit_entries_case_id_at_idx for a case's feed, audit_entries_at_idx for the global log.
    prisma.auditEntry.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.auditEntry.count({ where }),
  ]);
  const caseIds = [...new Set(rows.map((r) => r.caseId).filter((id): id is number => id !== null))];
  const cases = caseIds.length
    ? await prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true } })
    : [];
  const numbers = new Map(cases.map((c) => [c.id, c.number]));
  const data = rows.map((r) => ({
    ...r,
    id: r.id.toString(),
    caseNumber: r.caseId === null ? null : (numbers.get(r.caseId) ?? null),
  }));
  return { data, count, page, perPage };
}
