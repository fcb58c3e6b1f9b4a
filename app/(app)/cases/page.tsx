import type { Metadata } from "next";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { findAssignableUsers } from "@/lib/cases/find-assignable-users";
import { caseFiltersSchema, findCases, type CaseFilters } from "@/lib/cases/find-cases";
import { pageParamsSchema } from "@/lib/paging";
import { getCurrentActor } from "../current-actor";
import { LiveRefresh } from "../live/live-refresh";
import { CaseFiltersForm, type CaseFilterValues } from "./case-filters";
import { CasesTable, type CaseSort } from "./cases-table";

export const metadata: Metadata = { title: "Cases" };

const PER_PAGE = 50;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CasesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const query = pageParamsSchema.safeParse({ perPage: PER_PAGE, ...raw });
  // A hand-edited or stale query string shows the first page rather than an error.
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  const actor = await getCurrentActor();
  // The URL says "mine"; the query needs the id.
  const ownerParam = raw.owner === "mine" ? String(actor.id) : raw.owner;
  const pick = <K extends keyof typeof caseFiltersSchema.shape>(key: K, value: unknown) =>
    caseFiltersSchema.shape[key].safeParse(value).data as CaseFilters[K];
  const filters: CaseFilters = {
    status: pick("status", raw.status),
    ownerId: pick("ownerId", ownerParam),
    classification: pick("classification", raw.classification),
    q: pick("q", raw.q),
    triagedFrom: pick("triagedFrom", raw.triagedFrom),
    closedFrom: pick("closedFrom", raw.closedFrom),
    sort: pick("sort", raw.sort),
    dir: pick("dir", raw.dir),
  };
  const values: CaseFilterValues = {
    status: filters.status,
    // The actor's own id reads as "Mine" (the dashboard's by-owner bars link by id).
    owner: filters.ownerId === undefined ? undefined : filters.ownerId === actor.id ? "mine" : raw.owner,
    classification: filters.classification,
    q: filters.q,
    triagedFrom: filters.triagedFrom?.toISOString(),
    closedFrom: filters.closedFrom?.toISOString(),
    sort: filters.sort,
    dir: filters.dir,
  };
  const filtered = Boolean(
    values.status || values.owner || values.classification || values.q || values.triagedFrom || values.closedFrom,
  );
  const [cases, owners] = await Promise.all([findCases({ ...params, ...filters }), findAssignableUsers()]);

  const href = (v: CaseFilterValues, page: number) => {
    const q = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) if (val) q.set(k, val);
    if (page > 1) q.set("page", String(page));
    if (params.perPage !== PER_PAGE) q.set("perPage", String(params.perPage));
    const s = q.toString();
    return s ? `/cases?${s}` : "/cases";
  };
  const current = filters.sort ?? "created";
  const dir = filters.dir ?? "desc";
  const sort: CaseSort = {
    sort: current,
    dir,
    hrefFor: (key) =>
      href({ ...values, sort: key, dir: key === current ? (dir === "asc" ? "desc" : "asc") : "desc" }, 1),
  };

  return (
    <>
      <LiveRefresh topics={["cases"]} />
      <PageHeader
        title="Cases"
        description="One case per web shell: the findings of every alert about the same host and shell, or alerts an analyst put together. Newest first unless sorted. Times are UTC."
      />
      <Panel>
        {cases.count === 0 && !filtered ? (
          <EmptyState
            title="No cases yet"
            action={
              <ButtonLink href="/alerts" variant="primary">
                Go to Alerts
              </ButtonLink>
            }
          >
            <p>
              A case opens when enrichment finds a web shell for an alert with confidence, or when an analyst opens one
              from the alert queue. Import the alerts and the web logs of their hosts; the worker enriches them, or run{" "}
              <Code>npm run -s cli -- enrich --all</Code>.
            </p>
          </EmptyState>
        ) : (
          <>
            <CaseFiltersForm values={values} owners={owners.data} actorId={actor.id} />
            {cases.data.length > 0 ? (
              <CasesTable cases={cases.data} sort={sort} now={new Date()} />
            ) : cases.count === 0 ? (
              <EmptyState
                title="No case matches these filters"
                action={<ButtonLink href="/cases">Clear filters</ButtonLink>}
              />
            ) : (
              <EmptyState
                title="This page is past the last case"
                action={<ButtonLink href={href(values, 1)}>First page</ButtonLink>}
              />
            )}
            <Pagination
              page={cases.page}
              perPage={cases.perPage}
              count={cases.count}
              hrefFor={(page) => href(values, page)}
              noun={filtered ? "matching cases" : "cases"}
            />
          </>
        )}
      </Panel>
    </>
  );
}
