// One query that reads what enrichment needs of an alert: its hosts, files and processes with
// their image and parent image names. (Prisma's nested include took 3 round trips and ~15 ms;
// enrichment must stay well under 50 ms an alert.)
import { getPool } from "../db";

export interface AlertForEnrichment {
  id: number;
  providerName: string | null;
  displayName: string | null;
  severity: string | null;
  timeGenerated: Date;
  startTime: Date | null;
  enrichGeneration: number;
  /** Entities was not valid JSON (lib/alerts/parsed-alert.ts): hosts fall back on CompromisedEntity. */
  entitiesUnreadable: boolean;
  hosts: { hostName: string | null; dnsDomain: string | null; fqdn: string | null }[];
  files: { name: string | null; directory: string | null }[];
  processes: {
    commandLine: string | null;
    creationTimeUtc: Date | null;
    imageName: string | null;
    parentImageName: string | null;
  }[];
}

export async function loadAlertForEnrichment(id: number): Promise<AlertForEnrichment | null> {
  const { rows } = await getPool().query(
    `SELECT a.id, a.provider_name AS "providerName", a.display_name AS "displayName", a.severity,
            a.time_generated AS "timeGenerated", a.start_time AS "startTime", a.enrich_generation AS "enrichGeneration",
            jsonb_typeof(a.entities) = 'string' AS "entitiesUnreadable", a.compromised_entity AS "compromisedEntity",
            coalesce((SELECT json_agg(json_build_object('hostName', h.host_name, 'dnsDomain', h.dns_domain, 'fqdn', h.fqdn) ORDER BY h.id)
                        FROM alert_hosts h WHERE h.alert_id = a.id), '[]') AS hosts,
            coalesce((SELECT json_agg(json_build_object('name', f.name, 'directory', f.directory) ORDER BY f.id)
                        FROM alert_files f WHERE f.alert_id = a.id), '[]') AS files,
            coalesce((SELECT json_agg(json_build_object('commandLine', p.command_line, 'creationTimeUtc', p.creation_time_utc,
                                                        'imageName', fi.name, 'parentImageName', pf.name) ORDER BY p.id)
                        FROM alert_processes p
                        LEFT JOIN alert_files fi ON fi.id = p.image_file_id
                        LEFT JOIN alert_processes pp ON pp.id = p.parent_id
                        LEFT JOIN alert_files pf ON pf.id = pp.image_file_id
                       WHERE p.alert_id = a.id), '[]') AS processes
       FROM alerts a WHERE a.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const { compromisedEntity, ...alert } = row as { compromisedEntity: string | null; hosts: unknown[] };
  if (row.entitiesUnreadable && alert.hosts.length === 0 && compromisedEntity) {
    // The host MDE names in CompromisedEntity (a name or an FQDN) is what is left to correlate by.
    const dot = compromisedEntity.indexOf(".");
    alert.hosts = [
      dot > 0
        ? {
            hostName: compromisedEntity.slice(0, dot),
            dnsDomain: compromisedEntity.slice(dot + 1),
            fqdn: compromisedEntity,
          }
        : { hostName: compromisedEntity, dnsDomain: null, fqdn: null },
    ];
  }
  return {
    ...alert,
    processes: (row.processes as { creationTimeUtc: string | null }[]).map((p) => ({
      ...p,
      creationTimeUtc: p.creationTimeUtc ? new Date(p.creationTimeUtc) : null,
    })),
  } as AlertForEnrichment;
}
