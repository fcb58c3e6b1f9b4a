// The case's Sentinel incidents: those of the workspaces its alerts came from that hold any of
// them, with their number, title and status, whether Shellcase writes the case's decision back
// (the source's incident sync) and the last write-back's outcome or error. Titles come from the
// workspace and render as text; the incident's URL is a link only when safeIncidentUrl allows it.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { UtcTime } from "@/components/ui/utc-time";
import { caseAlertIdsBySource, findCaseIncidents } from "@/lib/cases/find-case-incidents";
import { safeIncidentUrl } from "@/lib/sentinel/incidents/safe-incident-url";
import { IncidentRefreshButton } from "./incident-refresh-button";

const STATUS_TONE: Record<string, BadgeTone> = { New: "blue", Active: "amber", Closed: "green" };

export async function IncidentsPanel({ caseId, editable }: { caseId: number; editable: boolean }) {
  const [bySource, incidents] = await Promise.all([caseAlertIdsBySource(caseId), findCaseIncidents(caseId)]);
  // Cases made only of imported alerts have no workspace to ask.
  if (!bySource.size && !incidents.length) return null;
  return (
    <Panel
      title="Sentinel incidents"
      labelledBy="incidents-title"
      description="The incidents that hold this case's alerts. Where the source's incident sync is on, closing or reopening the case updates them."
      actions={editable ? <IncidentRefreshButton caseId={caseId} /> : undefined}
    >
      <div data-testid="incidents-panel">
        {incidents.length === 0 ? (
          <EmptyState title="No incident known for this case's alerts">
            {editable ? "Refresh from Sentinel to look them up." : "An analyst can look them up in Sentinel."}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Number</Th>
                <Th>Title</Th>
                <Th>Status</Th>
                <Th>Source</Th>
                <Th>Write-back</Th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => {
                const href = safeIncidentUrl(i.url, i.sourceHost);
                return (
                  <tr key={i.id} data-testid="incident-row" data-incident={i.incidentName}>
                    <Td className="font-mono text-sm">
                      {href ? (
                        <a
                          href={href}
                          target="_blank"
                          rel="noopener noreferrer"
                          className="text-sky-700 hover:underline"
                        >
                          {i.incidentNumber ?? i.incidentName}
                        </a>
                      ) : (
                        (i.incidentNumber ?? i.incidentName)
                      )}
                    </Td>
                    <Td className="break-words" data-testid="incident-title">
                      {i.title ?? "—"}
                    </Td>
                    <Td>
                      <Badge tone={STATUS_TONE[i.status ?? ""] ?? "neutral"}>
                        <span data-testid="incident-status">{i.status ?? "unknown"}</span>
                      </Badge>
                      {i.classification && <span className="ml-2 text-xs text-slate-500">{i.classification}</span>}
                    </Td>
                    <Td className="text-sm">{i.sourceName}</Td>
                    <Td className="text-xs">
                      {!i.incidentSync ? (
                        <span className="text-slate-500">off for this source</span>
                      ) : i.lastSyncError ? (
                        <span className="text-red-700" data-testid="incident-sync-error">
                          {i.lastSyncError}
                        </span>
                      ) : i.lastSyncResult ? (
                        <span className="text-slate-700">
                          {i.lastSyncResult}
                          {i.lastSyncedAt && (
                            <>
                              {" · "}
                              <UtcTime value={i.lastSyncedAt} />
                            </>
                          )}
                        </span>
                      ) : (
                        <span className="text-slate-500">on; nothing written yet</span>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </div>
    </Panel>
  );
}
