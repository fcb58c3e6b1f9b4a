// A case's pivot runs, newest first, with their parameters and results read back through their
// schemas (a row the current code cannot read shows as such instead of breaking the page).
import { getPrisma } from "../db";
import { toPageParams, skipFor, type Page, type PageParams } from "../paging";
import { pivotParamsSchema, type PivotParams } from "./pivot-params";
import { pivotResultSchema, type PivotResult } from "./pivot-result";

export interface PivotRunView {
  id: number;
  status: "queued" | "running" | "done" | "failed";
  /** null when the stored parameters no longer validate (the run then failed, saying why). */
  params: PivotParams | null;
  result: PivotResult | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export async function findPivotRuns(caseId: number, page: Partial<PageParams> = {}): Promise<Page<PivotRunView>> {
  const p = toPageParams({ perPage: 20, ...page });
  const prisma = getPrisma();
  const where = { caseId };
  // Index: pivot_runs_case_id_created_at_idx.
  const [rows, count] = await Promise.all([
    prisma.pivotRun.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: skipFor(p),
      take: p.perPage,
      include: { requestedBy: { select: { name: true } } },
    }),
    prisma.pivotRun.count({ where }),
  ]);
  return {
    data: rows.map((r) => {
      const params = pivotParamsSchema.safeParse(r.params);
      const result = r.result === null ? null : pivotResultSchema.safeParse(r.result);
      return {
        id: r.id,
        status: r.status,
        params: params.success ? params.data : null,
        result: result?.success ? result.data : null,
        error: r.error ?? (result && !result.success ? "the stored result cannot be read by this version" : null),
        requestedBy: r.requestedBy?.name ?? null,
        createdAt: r.createdAt,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
      };
    }),
    count,
    page: p.page,
    perPage: p.perPage,
  };
}
