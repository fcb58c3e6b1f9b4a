// The alerts the case holds, with the entities an analyst reads first: hosts, files, and the
// processes with their command lines (as Defender reported them; attacker data, text only).
import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { CaseDetail } from "@/lib/cases/get-case-by-number";
import { AlertKindBadge } from "../../alerts/alert-kind-badge";
import { SeverityBadge } from "../../alerts/severity-badge";

export function CaseAlerts({ alerts }: { alerts: CaseDetail["alerts"] }) {
  return (
    <Panel title={`Alerts (${alerts.length})`} labelledBy="case-alerts" description="Oldest first, with their entities">
      {alerts.length === 0 ? (
        <EmptyState title="No alert in this case">Add alerts from the alert queue.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {alerts.map((a) => (
            <li key={a.id} className="px-4 py-3" data-testid="case-alert">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Link
                  href={`/alerts/${a.id}`}
                  className="rounded font-medium break-words text-slate-900 hover:text-blue-700 hover:underline"
                >
                  {a.displayName ?? a.alertName ?? `Alert ${a.systemAlertId}`}
                </Link>
                <AlertKindBadge kind={a.kind} />
                <SeverityBadge severity={a.severity} />
                <span className="text-xs text-slate-500">
                  generated <UtcTime value={a.timeGenerated} />
                  {a.hosts.length > 0 && (
                    <>
                      {" "}
                      ·{" "}
                      {a.hosts
                        .map((h) => h.hostName ?? h.fqdn)
                        .filter(Boolean)
                        .join(", ")}
                    </>
                  )}
                  {!a.finding && " · no finding"}
                </span>
              </div>
              {a.files.length > 0 && (
                <dl className="mt-2 grid gap-1 text-sm">
                  {a.files.map((f) => (
                    <div key={f.id} className="grid grid-cols-[5rem_minmax(0,1fr)] gap-2">
                      <dt className="text-xs text-slate-500">File</dt>
                      <dd className="min-w-0">
                        <Truncate text={[f.directory, f.name].filter(Boolean).join("\\")} mono />
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              {a.processes.some((p) => p.commandLine) && (
                <dl className="mt-2 grid gap-1.5 text-sm">
                  {a.processes
                    .filter((p) => p.commandLine)
                    .map((p) => (
                      <div
                        key={p.id}
                        className="grid grid-cols-[5rem_minmax(0,1fr)] gap-2"
                        data-testid="case-alert-process"
                      >
                        <dt className="pt-1.5 text-xs text-slate-500">
                          <Truncate text={p.imageFile?.name ?? "process"} className="font-medium text-slate-700" />
                          <UtcTime value={p.creationTimeUtc} className="block text-[11px] tabular-nums" />
                        </dt>
                        <dd className="min-w-0">
                          <CodeBlock text={p.commandLine} />
                        </dd>
                      </div>
                    ))}
                </dl>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
