import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { ButtonLink } from "@/components/ui/button";
import { DescriptionList } from "@/components/ui/description-list";
import { Panel } from "@/components/ui/panel";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import { getAlertById, type AlertDetail } from "@/lib/alerts/get-alert-by-id";
import { AppError } from "@/lib/errors";
import { getCurrentActor } from "../../current-actor";
import { AlertKindBadge } from "../alert-kind-badge";
import { SeverityBadge } from "../severity-badge";
import { AlertEntities } from "./alert-entities";
import { EnrichmentPanel } from "./enrichment-panel";
import { ImportWarnings } from "./import-warnings";
import { SentinelCompatPanel } from "./sentinel-compat-panel";
import { WorkspaceFetchesPanel } from "./workspace-fetches-panel";

type Params = { params: Promise<{ alertId: string }> };

async function loadAlert(alertId: string): Promise<AlertDetail> {
  // Only a plain positive integer names an alert; anything else is a 404, not a database query.
  if (!/^\d{1,15}$/.test(alertId)) notFound();
  try {
    return await getAlertById(Number(alertId));
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { alertId } = await params;
  return { title: /^\d{1,15}$/.test(alertId) ? `Alert ${alertId}` : "Alert" };
}

export default async function AlertPage({ params }: Params) {
  await connection();
  await getCurrentActor();
  const alert = await loadAlert((await params).alertId);
  const title = alert.displayName ?? alert.alertName ?? "Alert";

  return (
    <>
      <PageTitle alert={alert} title={title} />
      <ImportWarnings warnings={alert.importWarnings} />
      <div className="space-y-5">
        <Panel title="Alert" labelledBy="alert-fields">
          <div className="p-4">
            <DescriptionList
              items={[
                { label: "Severity", value: <SeverityBadge severity={alert.severity} /> },
                { label: "Status", value: alert.status ?? "—" },
                {
                  label: "Provider",
                  value: <Truncate text={[alert.providerName, alert.productName].filter(Boolean).join(" · ")} />,
                },
                { label: "Time generated", value: <UtcTime value={alert.timeGenerated} /> },
                { label: "StartTime", value: <UtcTime value={alert.startTime} /> },
                { label: "EndTime", value: <UtcTime value={alert.endTime} /> },
                { label: "Compromised entity", value: <Truncate text={alert.compromisedEntity} /> },
                {
                  label: "Classification",
                  wide: true,
                  value: (
                    <span className="flex min-w-0 items-baseline gap-2">
                      <AlertKindBadge kind={alert.kind} />
                      <span className="break-words text-slate-700" data-testid="kind-reason">
                        {alert.kindReason ?? "not classified yet"}
                      </span>
                    </span>
                  ),
                },
                { label: "Alert type", value: <Truncate text={alert.alertType} /> },
                { label: "Tactics", value: <Truncate text={alert.tactics.join(", ")} /> },
                { label: "Techniques", value: <Truncate text={alert.techniques.join(", ")} /> },
                {
                  label: alert.source ? "Pulled from" : "Imported from",
                  value: alert.source ? (
                    <span>
                      <Truncate text={`workspace ${alert.source.name}`} />
                      {alert.ingestedAt && (
                        <span className="block text-xs text-slate-500">
                          ingested <UtcTime value={alert.ingestedAt} /> UTC
                        </span>
                      )}
                    </span>
                  ) : alert.batch ? (
                    <Truncate text={`${alert.batch.fileName} (import #${alert.batch.id})`} />
                  ) : (
                    "—"
                  ),
                },
                { label: "SystemAlertId", wide: true, value: <Truncate text={alert.systemAlertId} mono /> },
                ...(alert.vendorOriginalId
                  ? [{ label: "VendorOriginalId", wide: true, value: <Truncate text={alert.vendorOriginalId} mono /> }]
                  : []),
                ...(alert.description
                  ? [
                      {
                        label: "Description",
                        wide: true,
                        value: <p className="max-w-4xl break-words whitespace-pre-wrap">{alert.description}</p>,
                      },
                    ]
                  : []),
              ]}
            />
          </div>
        </Panel>

        <AlertEntities alert={alert} />

        <WorkspaceFetchesPanel alert={alert} />

        <div className="grid items-start gap-5 xl:grid-cols-2">
          <EnrichmentPanel alert={alert} />
          <Suspense
            fallback={
              <Panel title="What the Sentinel query returns for this alert">
                <p className="p-4 text-sm text-slate-500" aria-live="polite">
                  Running the query…
                </p>
              </Panel>
            }
          >
            <SentinelCompatPanel alert={alert} />
          </Suspense>
        </div>
      </div>
    </>
  );
}

function PageTitle({ alert, title }: { alert: AlertDetail; title: string }) {
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <p className="text-xs font-medium text-slate-500">
          Alert #{alert.id} · <UtcTime value={alert.timeGenerated} /> UTC
        </p>
        <h1 className="mt-0.5 text-xl font-semibold tracking-tight break-words text-slate-900">{title}</h1>
      </div>
      <div className="flex items-center gap-2">
        {alert.finding?.case && (
          <ButtonLink href={`/cases/${alert.finding.case.number}`} variant="primary">
            Open {alert.finding.case.number}
          </ButtonLink>
        )}
        <ButtonLink href="/alerts">All alerts</ButtonLink>
      </div>
    </div>
  );
}
