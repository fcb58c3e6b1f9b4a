// The Sentinel incidents of a case: sentinel_incidents rows of the sources its alerts came from
// whose alert_ids overlap the case's SystemAlertIds (the GIN index on alert_ids). The link is
// computed, not stored: an alert moved to another case takes its incidents along.
import { getPrisma } from "../db";

export interface CaseIncident {
  id: number;
  sourceId: number;
  sourceName: string;
  incidentSync: boolean;
  incidentName: string;
  incidentNumber: number | null;
  title: string | null;
  status: string | null;
  severity: string | null;
  classification: string | null;
  url: string | null;
  /** The host the source's portal links may use besides portal.azure.com (its ARM endpoint's). */
  sourceHost: string | null;
  lastSyncedAt: Date | null;
  lastSyncResult: string | null;
  lastSyncError: string | null;
}

/** The case's alerts that came from a workspace, as SystemAlertIds per source. */
export async function caseAlertIdsBySource(caseId: number): Promise<Map<number, string[]>> {
  const alerts = await getPrisma().alert.findMany({
    where: { caseId, sourceId: { not: null } },
    select: { sourceId: true, systemAlertId: true },
  });
  const bySource = new Map<number, string[]>();
  for (const a of alerts) {
    const list = bySource.get(a.sourceId!) ?? [];
    list.push(a.systemAlertId);
    bySource.set(a.sourceId!, list);
  }
  return bySource;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export async function findCaseIncidents(caseId: number): Promise<CaseIncident[]> {
  const bySource = await caseAlertIdsBySource(caseId);
  if (!bySource.size) return [];
  const rows = await getPrisma().sentinelIncident.findMany({
    where: { OR: [...bySource].map(([sourceId, ids]) => ({ sourceId, alertIds: { hasSome: ids } })) },
    include: { source: { select: { name: true, incidentSync: true, armEndpoint: true } } },
    orderBy: [{ incidentNumber: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.sourceId,
    sourceName: r.source.name,
    incidentSync: r.source.incidentSync,
    incidentName: r.incidentName,
    incidentNumber: r.incidentNumber,
    title: r.title,
    status: r.status,
    severity: r.severity,
    classification: r.classification,
    url: r.url,
    sourceHost: hostOf(r.source.armEndpoint),
    lastSyncedAt: r.lastSyncedAt,
    lastSyncResult: r.lastSyncResult,
    lastSyncError: r.lastSyncError,
  }));
}
