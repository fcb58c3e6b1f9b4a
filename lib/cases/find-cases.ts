// Cases with how many alerts each holds, their best confidence, owner and age: the Cases list.
// Filters and sort run in SQL (severity sorts by rank, an expression Prisma cannot order by); the
// page's rows are then read with Prisma.
import { z } from "zod";
import { getPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { CaseClassification, CaseStatus } from "../generated/prisma/enums";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";
import { blankToUndefined, containsPattern, sortDirSchema, utcTimeParam } from "../paging-sql";
import { parseInput } from "../parse-input";
import { CLOSING_CHANGE, TRIAGE_CHANGE } from "./case-milestones-sql";

export const CASE_SORTS = ["created", "severity", "status", "host", "owner"] as const;

export const caseFiltersSchema = z.object({
  /** A status, or "open" for every status but closed. */
  status: z.preprocess(blankToUndefined, z.union([z.enum(CaseStatus), z.literal("open")]).optional()),
  /** Cases owned by this user (the page turns "mine" into the actor's id), or "none" for unassigned. */
  ownerId: z.preprocess(blankToUndefined, z.union([z.literal("none"), z.coerce.number().int().positive()]).optional()),
  classification: z.preprocess(blankToUndefined, z.enum(CaseClassification).optional()),
  /** Number, title, host or shell location. */
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  /** Cases first triaged (first moved out of new) at or after this time (lib/cases/case-milestones-sql.ts). */
  triagedFrom: utcTimeParam,
  /** Cases closed (and still closed) at or after this time. */
  closedFrom: utcTimeParam,
  sort: z.preprocess(blankToUndefined, z.enum(CASE_SORTS).optional()),
  dir: sortDirSchema,
});

export type CaseFilters = z.infer<typeof caseFiltersSchema>;

const caseListSelect = {
  id: true,
  number: true,
  title: true,
  status: true,
  severity: true,
  classification: true,
  hostName: true,
  site: true,
  shellLocation: true,
  tags: true,
  createdAt: true,
  closedAt: true,
  statusChangedAt: true,
  owner: { select: { id: true, name: true, email: true } },
  _count: { select: { findings: true, alerts: true } },
} satisfies Prisma.CaseSelect;

export type CaseListItem = Omit<Prisma.CaseGetPayload<{ select: typeof caseListSelect }>, "_count"> & {
  /** Alerts the case holds (by enrichment or by hand). */
  alertCount: number;
  /** The highest confidence of its findings (0..1), null for a case without findings. */
  maxConfidence: number | null;
};

function whereSql(f: CaseFilters): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  // cases_status_idx
  if (f.status === "open") c.push(Prisma.sql`c.status <> 'closed'`);
  else if (f.status) c.push(Prisma.sql`c.status = ${f.status}::"CaseStatus"`);
  // cases_owner_id_idx
  if (f.ownerId === "none") c.push(Prisma.sql`c.owner_id IS NULL`);
  else if (f.ownerId !== undefined) c.push(Prisma.sql`c.owner_id = ${f.ownerId}`);
  if (f.classification) c.push(Prisma.sql`c.classification = ${f.classification}::"CaseClassification"`);
  if (f.q) {
    const p = containsPattern(f.q);
    c.push(
      Prisma.sql`(c.number ILIKE ${p} OR c.title ILIKE ${p} OR c.host_name ILIKE ${p} OR c.shell_location ILIKE ${p})`,
    );
  }
  // case_status_changes_case_id_changed_at_idx: a few status changes per case.
  if (f.triagedFrom) {
    c.push(Prisma.sql`EXISTS (SELECT 1 FROM case_status_changes s
      WHERE s.case_id = c.id AND s.changed_at >= ${f.triagedFrom} AND ${TRIAGE_CHANGE})`);
  }
  if (f.closedFrom) {
    c.push(Prisma.sql`c.status = 'closed' AND EXISTS (SELECT 1 FROM case_status_changes s
      WHERE s.case_id = c.id AND s.changed_at >= ${f.closedFrom} AND ${CLOSING_CHANGE})`);
  }
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

function orderSql(f: CaseFilters): Prisma.Sql {
  const dir = Prisma.raw(f.dir === "asc" ? "ASC" : "DESC");
  // Case ids grow with creation time: id is the tie-break, stable between pages.
  const then = Prisma.sql`c.created_at DESC, c.id DESC`;
  switch (f.sort) {
    case "severity":
      return Prisma.sql`ORDER BY CASE lower(c.severity) WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2
        WHEN 'informational' THEN 1 ELSE 0 END ${dir}, ${then}`;
    case "status":
      // Enum order is the lifecycle order.
      return Prisma.sql`ORDER BY c.status ${dir}, ${then}`;
    case "host":
      return Prisma.sql`ORDER BY lower(c.host_name) ${dir}, ${then}`;
    case "owner":
      return Prisma.sql`ORDER BY (SELECT lower(u.name) FROM users u WHERE u.id = c.owner_id) ${dir} NULLS LAST, ${then}`;
    default:
      return Prisma.sql`ORDER BY c.created_at ${dir}, c.id ${dir}`;
  }
}

export async function findCases(
  params: Partial<PageParams> & z.input<typeof caseFiltersSchema> = {},
): Promise<Page<CaseListItem>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage });
  const { page: _p, perPage: _pp, ...rest } = params;
  const filters = parseInput(caseFiltersSchema, rest);
  const where = whereSql(filters);
  const prisma = getPrisma();
  const [ids, [{ count }]] = await Promise.all([
    prisma.$queryRaw<{ id: number }[]>`SELECT c.id FROM cases c ${where} ${orderSql(filters)}
      LIMIT ${perPage} OFFSET ${skipFor({ page, perPage })}`,
    prisma.$queryRaw<[{ count: bigint }]>`SELECT count(*) AS count FROM cases c ${where}`,
  ]);
  const idList = ids.map((r) => r.id);
  const [rows, best] = idList.length
    ? await Promise.all([
        prisma.case.findMany({ where: { id: { in: idList } }, select: caseListSelect }),
        // findings_case_id_idx
        prisma.finding.groupBy({ by: ["caseId"], where: { caseId: { in: idList } }, _max: { confidence: true } }),
      ])
    : [[], []];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const maxByCase = new Map(best.map((b) => [b.caseId, b._max.confidence]));
  const data = idList.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { _count, ...c } = row;
    return [{ ...c, alertCount: Math.max(_count.alerts, _count.findings), maxConfidence: maxByCase.get(id) ?? null }];
  });
  return { data, count: Number(count), page, perPage };
}
