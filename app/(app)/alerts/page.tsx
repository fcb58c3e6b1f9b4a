import type { Metadata } from "next";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { alertFiltersSchema, findAlerts, type AlertFilters } from "@/lib/alerts/find-alerts";
import { getEnrichmentProgress } from "@/lib/alerts/get-enrichment-progress";
import { canEdit } from "@/lib/auth/roles";
import { pageParamsSchema } from "@/lib/paging";
import { getCurrentActor } from "../current-actor";
import { LiveRefresh } from "../live/live-refresh";
import { AlertBulkActions } from "./alert-bulk-actions";
import { AlertFiltersForm } from "./alert-filters";
import { AlertsTable, type AlertSort } from "./alerts-table";
import { EnrichmentProgress } from "./enrichment-progress";

export const metadata: Metadata = { title: "Alerts" };

const PER_PAGE = 50;

/** One value per parameter: a repeated one (?kind=a&kind=b) counts by its first value. */
function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

function queryString(filters: AlertFilters, page: number, perPage: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v instanceof Date) q.set(k, v.toISOString());
    else if (v !== undefined) q.set(k, v);
  }
  if (page > 1) q.set("page", String(page));
  if (perPage !== PER_PAGE) q.set("perPage", String(perPage));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const raw = firstValues(await searchParams);
  const query = pageParamsSchema.safeParse({ perPage: PER_PAGE, ...raw });
  // A hand-edited or stale query string shows the first page, unfiltered, rather than an error.
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  // Each filter on its own: a bad value (?kind=bogus) is ignored without dropping the others.
  const filters = Object.fromEntries(
    Object.entries(alertFiltersSchema.shape).map(([key, schema]) => [key, schema.safeParse(raw[key]).data]),
  ) as AlertFilters;
  const { sort: _s, dir: _d, ...filterValues } = filters;
  const filtered = Object.values(filterValues).some((v) => v !== undefined);
  const actor = await getCurrentActor();
  const [alerts, enrichment] = await Promise.all([findAlerts({ ...params, ...filters }), getEnrichmentProgress()]);
  const editable = canEdit(actor.role);
  const hrefFor = (page: number) => `/alerts${queryString(filters, page, params.perPage)}`;
  const current = filters.sort ?? "time";
  const dir = filters.dir ?? "desc";
  const sort: AlertSort = {
    sort: current,
    dir,
    hrefFor: (key) =>
      `/alerts${queryString(
        { ...filters, sort: key, dir: key === current ? (dir === "asc" ? "desc" : "asc") : "desc" },
        1,
        params.perPage,
      )}`,
  };
  const table = <AlertsTable alerts={alerts.data} sort={sort} selectable={editable} />;

  return (
    <>
      <LiveRefresh topics={["alerts"]} />
      <PageHeader
        title="Alerts"
        description="Stored SecurityAlert rows, one per SystemAlertId (the newest version wins), with what enrichment found for each and whether they are in a case or dismissed. Newest first unless sorted. Times are UTC."
      />
      <EnrichmentProgress progress={enrichment} />
      <Panel>
        {alerts.count === 0 && !filtered ? (
          <EmptyState
            title="No alerts yet"
            action={
              <ButtonLink href="/imports" variant="primary">
                Import alerts
              </ButtonLink>
            }
          >
            Export SecurityAlert rows from Log Analytics (JSON or CSV) and upload them as Defender alerts on the Imports
            page.
          </EmptyState>
        ) : (
          <>
            <AlertFiltersForm filters={filters} />
            {alerts.data.length > 0 ? (
              editable ? (
                <AlertBulkActions>{table}</AlertBulkActions>
              ) : (
                table
              )
            ) : alerts.count === 0 ? (
              <EmptyState
                title="No alert matches these filters"
                action={<ButtonLink href="/alerts">Clear filters</ButtonLink>}
              />
            ) : (
              <EmptyState
                title="This page is past the last alert"
                action={<ButtonLink href={hrefFor(1)}>First page</ButtonLink>}
              />
            )}
            <Pagination
              page={alerts.page}
              perPage={alerts.perPage}
              count={alerts.count}
              countCapped={alerts.countCapped}
              hrefFor={hrefFor}
              noun={filtered ? "matching alerts" : "alerts"}
            />
          </>
        )}
      </Panel>
    </>
  );
}
