// The Sentinel incidents that hold some alerts of one workspace: one incidentsForAlerts query
// (SecurityIncident at its latest version per incident) and an upsert per incident into
// sentinel_incidents, keyed by (source, incident name). Which case an incident belongs to is not
// stored: it is the case whose alerts' SystemAlertIds overlap the row's alert_ids (GIN index).
import { getPrisma } from "../../db";
import type { DataSource } from "../../generated/prisma/client";
import { connect } from "../connect";
import { incidentsForAlerts } from "../kql/templates";
import { runQuery, type WorkspaceHandle } from "../run-query";

/** How far back SecurityIncident rows are read (TimeGenerated: each change of the incident). */
export const INCIDENT_LOOKBACK_DAYS = 90;
/** SystemAlertIds per query: keeps the query text well under the service's size limit. */
const IDS_PER_QUERY = 200;

export interface RefreshedIncident {
  id: number;
  incidentName: string;
}

function text(v: unknown): string | null {
  return v === null || v === undefined || v === "" ? null : String(v);
}

function alertIdsOf(v: unknown): string[] {
  let a = v;
  if (typeof v === "string") {
    try {
      a = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(a) ? a.map(String) : [];
}

export async function refreshIncidents(
  source: DataSource,
  systemAlertIds: string[],
  ws: WorkspaceHandle = connect(source),
  now = new Date(),
): Promise<RefreshedIncident[]> {
  const ids = [...new Set(systemAlertIds)];
  const out: RefreshedIncident[] = [];
  const startTime = new Date(now.getTime() - INCIDENT_LOOKBACK_DAYS * 86_400_000);
  const endTime = new Date(now.getTime() + 3_600_000);
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const res = await runQuery(ws, incidentsForAlerts.build({ alertIds: chunk }), { startTime, endTime });
    for (const r of res.rows) {
      const incidentName = text(r.IncidentName);
      if (!incidentName) continue;
      const number = Number(r.IncidentNumber);
      const data = {
        incidentNumber: Number.isInteger(number) ? number : null,
        title: text(r.Title),
        status: text(r.Status),
        severity: text(r.Severity),
        classification: text(r.Classification),
        url: text(r.IncidentUrl),
        alertIds: alertIdsOf(r.AlertIds),
        lastSyncedAt: now,
      };
      const row = await getPrisma().sentinelIncident.upsert({
        where: { sourceId_incidentName: { sourceId: source.id, incidentName } },
        create: { sourceId: source.id, incidentName, ...data },
        update: data,
        select: { id: true, incidentName: true },
      });
      out.push(row);
    }
  }
  return out;
}
