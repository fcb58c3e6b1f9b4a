// Cases, newest first, with how many alerts each holds and their best confidence: the Cases list.
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";

const caseListSelect = {
  id: true,
  number: true,
  title: true,
  status: true,
  severity: true,
  hostName: true,
  site: true,
  shellLocation: true,
  createdAt: true,
  _count: { select: { findings: true } },
} satisfies Prisma.CaseSelect;

export type CaseListItem = Omit<Prisma.CaseGetPayload<{ select: typeof caseListSelect }>, "_count"> & {
  /** Findings in the case; each belongs to one alert. */
  alertCount: number;
  /** The highest confidence of its findings (0..1), null for a case without findings. */
  maxConfidence: number | null;
};

export async function findCases(params: Partial<PageParams> = {}): Promise<Page<CaseListItem>> {
  const { page, perPage } = toPageParams(params);
  const prisma = getPrisma();
  const [rows, count] = await Promise.all([
    prisma.case.findMany({
      select: caseListSelect,
      // Case ids grow with creation time, so id is "newest first" and stable between pages.
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.case.count(),
  ]);
  // findings_case_id_idx
  const best = rows.length
    ? await prisma.finding.groupBy({
        by: ["caseId"],
        where: { caseId: { in: rows.map((r) => r.id) } },
        _max: { confidence: true },
      })
    : [];
  const maxByCase = new Map(best.map((b) => [b.caseId, b._max.confidence]));
  const data = rows.map(({ _count, ...c }) => ({
    ...c,
    alertCount: _count.findings,
    maxConfidence: maxByCase.get(c.id) ?? null,
  }));
  return { data, count, page, perPage };
}
