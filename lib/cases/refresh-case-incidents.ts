// Re-reads a case's Sentinel incidents from the workspaces its alerts came from (one
// incidentsForAlerts query per source) into sentinel_incidents. A source that fails is reported,
// the others are still read. Used by the case page's "Refresh from Sentinel" and by the
// write-back job before it writes.
import { requireRole, type Actor } from "../auth/roles";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { refreshIncidents } from "../sentinel/incidents/refresh-incidents";
import { describeWorkspaceError, toWorkspaceError, type WorkspaceErrorKind } from "../sentinel/workspace-error";
import { caseAlertIdsBySource } from "./find-case-incidents";

export interface RefreshCaseIncidentsResult {
  incidents: number;
  /** One line per source that could not be read. */
  errors: { sourceId: number; sourceName: string; kind: WorkspaceErrorKind; message: string }[];
}

/** For the job: no actor. */
export async function refreshCaseIncidentsFor(caseId: number): Promise<RefreshCaseIncidentsResult> {
  const bySource = await caseAlertIdsBySource(caseId);
  const result: RefreshCaseIncidentsResult = { incidents: 0, errors: [] };
  if (!bySource.size) return result;
  const sources = await getPrisma().dataSource.findMany({
    where: { id: { in: [...bySource.keys()] }, enabled: true },
    orderBy: { id: "asc" },
  });
  for (const source of sources) {
    try {
      result.incidents += (await refreshIncidents(source, bySource.get(source.id)!)).length;
    } catch (err) {
      const we = toWorkspaceError(err);
      result.errors.push({
        sourceId: source.id,
        sourceName: source.name,
        kind: we.kind,
        message: describeWorkspaceError(we),
      });
    }
  }
  return result;
}

export async function refreshCaseIncidents(actor: Actor, caseId: number): Promise<RefreshCaseIncidentsResult> {
  requireRole(actor, "analyst");
  const exists = await getPrisma().case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", "No such case.");
  return refreshCaseIncidentsFor(caseId);
}
