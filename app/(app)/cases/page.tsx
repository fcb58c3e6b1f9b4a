import type { Metadata } from "next";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { findCases } from "@/lib/cases/find-cases";
import { pageParamsSchema } from "@/lib/paging";
import { getCurrentActor } from "../current-actor";
import { CasesTable } from "./cases-table";

export const metadata: Metadata = { title: "Cases" };

const PER_PAGE = 50;

export default async function CasesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  await getCurrentActor();
  const query = pageParamsSchema.safeParse({ perPage: PER_PAGE, ...(await searchParams) });
  // A hand-edited or stale query string shows the first page rather than an error.
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  const cases = await findCases(params);
  const hrefFor = (page: number) =>
    params.perPage === PER_PAGE ? `/cases?page=${page}` : `/cases?page=${page}&perPage=${params.perPage}`;

  return (
    <>
      <PageHeader
        title="Cases"
        description="One case per web shell: the findings of every alert about the same host and shell, newest case first. Times are UTC."
      />
      <Panel>
        {cases.count === 0 ? (
          <EmptyState
            title="No cases yet"
            action={
              <ButtonLink href="/alerts" variant="primary">
                Go to Alerts
              </ButtonLink>
            }
          >
            <p>
              A case opens when enrichment finds a web shell for an alert with confidence. Import the alerts and the web
              logs of their hosts; the worker enriches them, or run <Code>npm run -s cli -- enrich --all</Code>.
            </p>
          </EmptyState>
        ) : (
          <>
            {cases.data.length > 0 ? (
              <CasesTable cases={cases.data} />
            ) : (
              <EmptyState
                title="This page is past the last case"
                action={<ButtonLink href="/cases">First page</ButtonLink>}
              />
            )}
            <Pagination page={cases.page} perPage={cases.perPage} count={cases.count} hrefFor={hrefFor} noun="cases" />
          </>
        )}
      </Panel>
    </>
  );
}
