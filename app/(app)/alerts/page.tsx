import type { Metadata } from "next";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { findAlerts } from "@/lib/alerts/find-alerts";
import { pageParamsSchema } from "@/lib/paging";
import { AlertsTable } from "./alerts-table";

export const metadata: Metadata = { title: "Alerts" };

const PER_PAGE = 50;

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const query = pageParamsSchema.safeParse({ perPage: PER_PAGE, ...(await searchParams) });
  // A hand-edited or stale query string shows the first page rather than an error.
  const params = query.success ? query.data : { page: 1, perPage: PER_PAGE };
  const alerts = await findAlerts(params);
  const hrefFor = (page: number) =>
    params.perPage === PER_PAGE ? `/alerts?page=${page}` : `/alerts?page=${page}&perPage=${params.perPage}`;

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Stored SecurityAlert rows, one per SystemAlertId (the newest version wins), newest first. Times are UTC."
      />
      <Panel>
        {alerts.count === 0 ? (
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
            {alerts.data.length > 0 ? (
              <AlertsTable alerts={alerts.data} />
            ) : (
              <EmptyState
                title="This page is past the last alert"
                action={<ButtonLink href="/alerts">First page</ButtonLink>}
              />
            )}
            <Pagination
              page={alerts.page}
              perPage={alerts.perPage}
              count={alerts.count}
              hrefFor={hrefFor}
              noun="alerts"
            />
          </>
        )}
      </Panel>
    </>
  );
}
