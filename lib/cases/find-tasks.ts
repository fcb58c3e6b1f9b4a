// Open playbook tasks assigned to one user across cases: the "My tasks" list the dashboard links
// to. Open: not done, on a case that is not closed (lib/dashboard/count-my-open-tasks.ts counts
// the same rows).
import { z } from "zod";
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";
import { parseInput } from "../parse-input";

export const taskFiltersSchema = z.object({ assigneeId: z.number().int().positive() });

const taskListSelect = {
  id: true,
  key: true,
  title: true,
  position: true,
  case: { select: { id: true, number: true, title: true, status: true, hostName: true } },
} satisfies Prisma.CaseTaskSelect;

export type TaskListItem = Prisma.CaseTaskGetPayload<{ select: typeof taskListSelect }>;

export async function findTasks(
  params: Partial<PageParams> & z.input<typeof taskFiltersSchema>,
): Promise<Page<TaskListItem>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage });
  const { assigneeId } = parseInput(taskFiltersSchema, { assigneeId: params.assigneeId });
  // case_tasks_assignee_id_done_at_idx
  const where = { assigneeId, doneAt: null, case: { status: { not: "closed" as const } } };
  const prisma = getPrisma();
  const [data, count] = await Promise.all([
    prisma.caseTask.findMany({
      where,
      select: taskListSelect,
      // Newest case first, then the playbook's order.
      orderBy: [{ caseId: "desc" }, { position: "asc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.caseTask.count({ where }),
  ]);
  return { data, count, page, perPage };
}
