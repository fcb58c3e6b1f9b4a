import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { findTasks } from "@/lib/cases/find-tasks";
import { pageParamsSchema } from "@/lib/paging";
import { CaseStatusBadge } from "../cases/case-status-badge";
import { getCurrentActor } from "../current-actor";

export const metadata: Metadata = { title: "My tasks" };

const PER_PAGE = 50;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const raw = await searchParams;
  const query = pageParamsSchema.safeParse({ perPage: PER_PAGE, page: first(raw.page) });
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  const actor = await getCurrentActor();
  const tasks = await findTasks({ ...params, assigneeId: actor.id });
  const hrefFor = (page: number) => (page > 1 ? `/tasks?page=${page}` : "/tasks");

  return (
    <>
      <PageHeader
        title="My tasks"
        description="Playbook tasks assigned to you that are not done, on cases that are not closed. Newest case first."
      />
      <Panel>
        {tasks.data.length > 0 ? (
          <Table caption="My open tasks">
            <thead>
              <tr>
                <Th>Task</Th>
                <Th className="w-44">Case</Th>
                <Th className="w-28">Status</Th>
                <Th className="w-32">Host</Th>
              </tr>
            </thead>
            <tbody>
              {tasks.data.map((t) => (
                <tr key={t.id} data-testid="task-row">
                  <Td>
                    <Truncate text={t.title} className="font-medium" />
                  </Td>
                  <Td>
                    <Link href={`/cases/${t.case.number}`} className="font-medium text-blue-700 hover:underline">
                      {t.case.number}
                    </Link>
                  </Td>
                  <Td>
                    <CaseStatusBadge status={t.case.status} />
                  </Td>
                  <Td>
                    <Truncate text={t.case.hostName} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : tasks.count === 0 ? (
          <EmptyState title="No open tasks assigned to you">
            Tasks are assigned on a case&apos;s page, in its playbook.
          </EmptyState>
        ) : (
          <EmptyState title="This page is past the last task" />
        )}
        <Pagination page={tasks.page} perPage={tasks.perPage} count={tasks.count} hrefFor={hrefFor} noun="open tasks" />
      </Panel>
    </>
  );
}
