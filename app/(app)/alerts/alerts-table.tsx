import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ariaSort, SortLink } from "@/components/ui/sort-link";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { AlertFilters, AlertListItem } from "@/lib/alerts/find-alerts";
import { BULK_FORM_ID } from "./bulk-form-id";
import { AlertKindBadge } from "./alert-kind-badge";
import { ConfidenceBadge } from "./confidence-badge";
import { EnrichmentStateBadge } from "./enrichment-state-badge";
import { SeverityBadge } from "./severity-badge";

/** Distinct host names of an alert's host entities, as MDE wrote them (usually lower case). */
export function hostNames(alert: Pick<AlertListItem, "hosts">): string {
  const names = new Set<string>();
  for (const h of alert.hosts) {
    const name = h.hostName ?? h.fqdn;
    if (name) names.add(h.hostName && h.dnsDomain ? `${h.hostName} (${h.dnsDomain})` : name);
  }
  return [...names].join(", ");
}

export interface AlertSort {
  sort: NonNullable<AlertFilters["sort"]>;
  dir: "asc" | "desc";
  /** The queue's URL sorted by `sort` (flipping the direction when it is the current sort). */
  hrefFor: (sort: NonNullable<AlertFilters["sort"]>) => string;
}

export function AlertsTable({
  alerts,
  sort,
  selectable = false,
}: {
  alerts: AlertListItem[];
  sort: AlertSort;
  /** Row checkboxes for the bulk actions (analysts and admins only). */
  selectable?: boolean;
}) {
  const header = (key: AlertSort["sort"], label: string, className: string) => (
    <Th className={className} aria-sort={ariaSort(sort.sort === key, sort.dir)}>
      <SortLink label={label} active={sort.sort === key} dir={sort.dir} href={sort.hrefFor(key)} />
    </Th>
  );
  return (
    <Table caption="Stored alerts">
      <thead>
        <tr>
          {selectable && (
            <Th className="w-9">
              <span className="sr-only">Select</span>
            </Th>
          )}
          {header("time", "Time generated", "w-36")}
          {/* The alert's name gets what the fixed columns leave, never less than 12rem. */}
          <Th className="min-w-48">Alert</Th>
          <Th className="w-20">Kind</Th>
          {header("severity", "Severity", "w-24")}
          {header("host", "Host(s)", "w-40")}
          <Th className="w-24">Enrichment</Th>
          <Th className="w-36">State</Th>
          <Th className="w-[18rem]">Finding</Th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id} data-testid="alert-row" data-system-alert-id={a.systemAlertId} className="hover:bg-slate-50">
            {selectable && (
              <Td>
                <input
                  type="checkbox"
                  name="alertIds[]"
                  value={a.id}
                  form={BULK_FORM_ID}
                  aria-label={`Select ${a.displayName ?? a.alertName ?? a.systemAlertId}`}
                  data-testid="alert-select"
                  className="size-4 rounded border-slate-300"
                />
              </Td>
            )}
            <Td>
              <UtcTime value={a.timeGenerated} />
            </Td>
            <Td>
              <Link
                href={`/alerts/${a.id}`}
                title={a.displayName ?? a.alertName ?? undefined}
                className="line-clamp-2 rounded font-medium break-words text-slate-900 hover:text-blue-700 hover:underline"
              >
                {a.displayName ?? a.alertName ?? `Alert ${a.systemAlertId}`}
              </Link>
            </Td>
            <Td>
              <AlertKindBadge kind={a.kind} reason={a.kindReason} />
            </Td>
            <Td>
              <SeverityBadge severity={a.severity} />
            </Td>
            <Td>
              <Truncate text={hostNames(a)} />
            </Td>
            <Td>
              <EnrichmentStateBadge state={a.enrichmentState} error={a.enrichmentError} />
            </Td>
            <Td>
              <DispositionCell alert={a} />
            </Td>
            <Td>
              <FindingCell alert={a} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Open, in a case (which), or dismissed (by whom and why, in the title). */
function DispositionCell({ alert: a }: { alert: AlertListItem }) {
  if (a.case) {
    return (
      <span data-testid="alert-disposition" data-disposition="in_case" className="flex items-center gap-1 text-xs">
        <span className="text-slate-500">in</span>{" "}
        <Link
          href={`/cases/${a.case.number}`}
          className="rounded font-medium whitespace-nowrap text-blue-700 hover:underline"
        >
          {a.case.number}
        </Link>
      </span>
    );
  }
  if (a.dismissedAt) {
    const by = a.dismissedBy ? a.dismissedBy.name || a.dismissedBy.email : "a former user";
    return (
      <span data-testid="alert-disposition" data-disposition="dismissed" className="block min-w-0">
        <Badge tone="neutral">dismissed</Badge>
        <span className="mt-0.5 block truncate text-xs text-slate-500" title={`${a.dismissReason ?? ""} — ${by}`}>
          {a.dismissReason}
        </span>
      </span>
    );
  }
  return (
    <span data-testid="alert-disposition" data-disposition="open" className="text-xs text-slate-500">
      open
    </span>
  );
}

function FindingCell({ alert: a }: { alert: AlertListItem }) {
  if (a.finding) {
    return (
      <div data-testid="alert-finding" className="min-w-0">
        <div className="flex min-w-0 items-center gap-2">
          <Truncate text={a.finding.shellLocation} mono className="min-w-0 flex-1 text-slate-900" />
          <ConfidenceBadge confidence={a.finding.confidence} />
        </div>
        <div className="mt-0.5 flex min-w-0 items-center gap-1.5 text-xs text-slate-500">
          {a.finding.case ? (
            <Link
              href={`/cases/${a.finding.case.number}`}
              className="shrink-0 rounded font-medium text-blue-700 hover:underline"
            >
              {a.finding.case.number}
            </Link>
          ) : (
            <span className="shrink-0">no case</span>
          )}
          <span aria-hidden="true">·</span>
          <span className="truncate" title={`${a.finding.hostName} ${a.finding.site ?? ""}`.trim()}>
            {a.finding.hostName}
            {a.finding.site && ` ${a.finding.site}`}
          </span>
        </div>
      </div>
    );
  }
  if (a.enrichmentState === "failed") {
    const error = a.enrichmentError ?? "Enrichment failed (no error message was recorded).";
    // Cut to one line; a click opens the whole message in place.
    return (
      <details className="group text-xs text-red-700" data-testid="enrichment-error">
        <summary
          title={error}
          className="cursor-pointer list-none truncate rounded group-open:break-words group-open:whitespace-pre-wrap [&::-webkit-details-marker]:hidden"
        >
          {error}
        </summary>
      </details>
    );
  }
  if (a.enrichmentMessage) {
    return (
      <p data-testid="enrichment-message" title={a.enrichmentMessage} className="truncate text-xs text-slate-600">
        {a.enrichmentMessage}
      </p>
    );
  }
  return <span className="text-xs text-slate-400">not enriched yet</span>;
}
