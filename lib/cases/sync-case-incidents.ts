// The write-back of one case status change to the case's Sentinel incidents (the `incidents`
// queue; docs/sentinel-incidents.md). Refreshes the case's incidents, then for each incident of a
// source with incidentSync on and an ARM path: sets status, classification and comment
// (./incident-change in lib/sentinel, 412s re-read) and adds one comment linking the case, under
// an id derived from the case and the status change, so a retried job replaces it instead of
// adding another. A change that a later close or reopen superseded writes nothing. Each
// incident's outcome is kept on its row; if any failed the job throws and BullMQ retries it.
import { createHash } from "node:crypto";
import { getPrisma } from "../db";
import { getEnv } from "../env";
import { CaseStatus } from "../generated/prisma/enums";
import { getInstanceId } from "../jobs/instance-id";
import { logger } from "../logger";
import { applyIncidentChange, CLASSIFICATION_MAP, type IncidentChange } from "../sentinel/incidents/incident-change";
import { createIncidentsClient, hasArmPath, type IncidentsClient } from "../sentinel/incidents/incidents-client";
import { describeWorkspaceError, toWorkspaceError } from "../sentinel/workspace-error";
import { findCaseIncidents } from "./find-case-incidents";
import { refreshCaseIncidentsFor } from "./refresh-case-incidents";

export interface SyncCaseIncidentsResult {
  skipped?: "superseded" | "no-case";
  written: number;
  unchanged: number;
  failed: number;
  refreshErrors: number;
}

/** A GUID-shaped comment id, the same for every run of one status change's job. */
export function commentIdFor(instanceId: string, caseId: number, statusChangeId: number): string {
  const h = createHash("sha256").update(`shellcase|${instanceId}|${caseId}|${statusChangeId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `${APP_URL}/cases/<number>`, or null when the app's URL is not configured. */
export function caseLink(number: string, appUrl = getEnv().APP_URL): string | null {
  return appUrl ? `${appUrl.replace(/\/+$/, "")}/cases/${encodeURIComponent(number)}` : null;
}

export async function syncCaseIncidents(
  caseId: number,
  statusChangeId: number,
  clientFor: (source: Parameters<typeof createIncidentsClient>[0]) => IncidentsClient = createIncidentsClient,
): Promise<SyncCaseIncidentsResult> {
  const db = getPrisma();
  const result: SyncCaseIncidentsResult = { written: 0, unchanged: 0, failed: 0, refreshErrors: 0 };
  const kase = await db.case.findUnique({
    where: { id: caseId },
    select: { number: true, status: true, classification: true, conclusion: true },
  });
  if (!kase) return { ...result, skipped: "no-case" };
  // The newest close or reopen is the one that counts; an older job (retried late) stands down.
  const latest = await db.caseStatusChange.findFirst({
    where: { caseId, OR: [{ toStatus: CaseStatus.closed }, { fromStatus: CaseStatus.closed }] },
    orderBy: [{ changedAt: "desc" }, { id: "desc" }],
    select: { id: true, toStatus: true },
  });
  if (!latest || latest.id !== statusChangeId) return { ...result, skipped: "superseded" };
  const closing = latest.toStatus === CaseStatus.closed;
  if (closing && (kase.status !== CaseStatus.closed || !kase.classification))
    return { ...result, skipped: "superseded" };

  result.refreshErrors = (await refreshCaseIncidentsFor(caseId)).errors.length;

  const incidents = (await findCaseIncidents(caseId)).filter((i) => i.incidentSync);
  if (!incidents.length) return result;
  const sources = await db.dataSource.findMany({
    where: { id: { in: [...new Set(incidents.map((i) => i.sourceId))] }, enabled: true, incidentSync: true },
  });
  const change: IncidentChange = closing
    ? { status: "Closed", classification: kase.classification!, comment: kase.conclusion ?? "" }
    : { status: "Active" };
  const link = caseLink(kase.number);
  const message = closing
    ? `Closed in Shellcase ${kase.number} as ${CLASSIFICATION_MAP[kase.classification!].classification}${link ? `: ${link}` : "."}`
    : `Reopened in Shellcase ${kase.number}${link ? `: ${link}` : "."}`;
  const commentId = commentIdFor(await getInstanceId(), caseId, statusChangeId);

  const clients = new Map<number, IncidentsClient>();
  for (const incident of incidents) {
    const source = sources.find((s) => s.id === incident.sourceId);
    if (!source || !hasArmPath(source)) continue;
    try {
      let client = clients.get(source.id);
      if (!client) clients.set(source.id, (client = clientFor(source)));
      const applied = await applyIncidentChange(client, incident.incidentName, change);
      await client.putComment(incident.incidentName, commentId, message);
      const p = applied.incident.properties;
      await db.sentinelIncident.update({
        where: { id: incident.id },
        data: {
          status: p.status ?? null,
          classification: p.classification ?? null,
          lastSyncResult: `${applied.written ? "set" : "already"} ${p.status}${p.classification ? ` (${p.classification})` : ""}${applied.conflicts ? `, after ${applied.conflicts} etag conflict(s)` : ""}`,
          lastSyncError: null,
          lastSyncedAt: new Date(),
        },
      });
      if (applied.written) result.written++;
      else result.unchanged++;
    } catch (err) {
      result.failed++;
      const error = describeWorkspaceError(toWorkspaceError(err));
      logger.warn("incident write-back failed", { caseId, incident: incident.incidentName, error });
      await db.sentinelIncident.update({
        where: { id: incident.id },
        data: { lastSyncError: `${new Date().toISOString()} ${error}`.slice(0, 1000) },
      });
    }
  }
  if (result.failed)
    throw new Error(`${result.failed} of ${incidents.length} incident(s) not updated; see the case page`);
  return result;
}
