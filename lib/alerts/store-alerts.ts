// Stores parsed SecurityAlert rows: one alert per SystemAlertId, the newest TimeGenerated wins
// (the table keeps a row per update of an alert). Alerts are written in batches, one transaction
// each, with a handful of set-based statements per batch (an import of 50,000 alerts would take
// minutes at a few round trips per alert). An alert and its entities change together.
//
// A stored (new or updated) alert is `pending`: enrichment is owed until a job is queued for it
// (requestEnrichment), and the reconciler finds it if that never happens.
import { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import type { ParsedAlert } from "./parsed-alert";

export type StoreOutcome = "imported" | "updated" | "unchanged";

type Tx = Prisma.TransactionClient;

/** Stores `alerts`, which must carry distinct SystemAlertIds; outcomes and ids in the same order. */
export async function storeAlerts(
  alerts: ParsedAlert[],
  batchId: number | null,
): Promise<{ outcome: StoreOutcome; id: number }[]> {
  if (!alerts.length) return [];
  const ids = alerts.map((a) => a.systemAlertId);
  if (new Set(ids).size !== ids.length) throw new Error("storeAlerts: one SystemAlertId twice in a batch");
  return getPrisma().$transaction(async (tx) => {
    // Serialise writers of the same SystemAlertId (two files carrying one alert, imported at once);
    // taken in sorted order so that two batches never wait on each other in a cycle.
    await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtext('alert:' || x)))::int AS n
                         FROM (SELECT x FROM unnest(${ids}::text[]) AS x ORDER BY x) AS sorted`;
    const existing = await tx.$queryRaw<{ id: number; system_alert_id: string; time_generated: Date }[]>`
      SELECT id, system_alert_id, time_generated FROM alerts WHERE system_alert_id = ANY(${ids}::text[])`;
    const stored = new Map(existing.map((e) => [e.system_alert_id, e]));

    const results: { outcome: StoreOutcome; id: number }[] = new Array(alerts.length);
    const toInsert: number[] = [];
    const toUpdate: number[] = [];
    alerts.forEach((a, i) => {
      const e = stored.get(a.systemAlertId);
      if (!e) toInsert.push(i);
      else if (e.time_generated.getTime() >= a.timeGenerated.getTime()) results[i] = { outcome: "unchanged", id: e.id };
      else {
        toUpdate.push(i);
        results[i] = { outcome: "updated", id: e.id };
      }
    });

    if (toInsert.length) {
      const rows = toInsert.map((i) => columns(alerts[i]!, batchId));
      const inserted = await tx.$queryRaw<{ id: number; system_alert_id: string }[]>`
        INSERT INTO alerts (system_alert_id, provider_name, vendor_name, product_name, display_name, alert_name,
                            alert_type, severity, status, description, vendor_original_id, compromised_entity,
                            time_generated, start_time, end_time, tactics, techniques, extended_properties,
                            entities, raw, import_warnings, batch_id, enrichment_state, updated_at)
        SELECT r.system_alert_id, r.provider_name, r.vendor_name, r.product_name, r.display_name, r.alert_name,
               r.alert_type, r.severity, r.status, r.description, r.vendor_original_id, r.compromised_entity,
               r.time_generated, r.start_time, r.end_time, r.tactics, r.techniques, r.extended_properties,
               r.entities, r.raw, r.import_warnings, r.batch_id, 'pending', now()
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(${RECORD})
        RETURNING id, system_alert_id`;
      const idOf = new Map(inserted.map((r) => [r.system_alert_id, r.id]));
      for (const i of toInsert) results[i] = { outcome: "imported", id: idOf.get(alerts[i]!.systemAlertId)! };
    }
    if (toUpdate.length) {
      const rows = toUpdate.map((i) => ({ id: results[i]!.id, ...columns(alerts[i]!, batchId) }));
      await tx.$executeRaw`
        UPDATE alerts a SET provider_name = r.provider_name, vendor_name = r.vendor_name,
               product_name = r.product_name, display_name = r.display_name, alert_name = r.alert_name,
               alert_type = r.alert_type, severity = r.severity, status = r.status, description = r.description,
               vendor_original_id = r.vendor_original_id, compromised_entity = r.compromised_entity,
               time_generated = r.time_generated, start_time = r.start_time, end_time = r.end_time,
               tactics = r.tactics, techniques = r.techniques, extended_properties = r.extended_properties,
               entities = r.entities, raw = r.raw, import_warnings = r.import_warnings, batch_id = r.batch_id,
               enrichment_state = 'pending', updated_at = now()
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id int, ${RECORD})
         WHERE a.id = r.id`;
      // Entities are replaced wholesale: an update may add, drop or renumber them.
      const updatedIds = toUpdate.map((i) => results[i]!.id);
      await tx.$executeRaw`DELETE FROM alert_processes WHERE alert_id = ANY(${updatedIds}::int[])`;
      await tx.$executeRaw`DELETE FROM alert_files WHERE alert_id = ANY(${updatedIds}::int[])`;
      await tx.$executeRaw`DELETE FROM alert_hosts WHERE alert_id = ANY(${updatedIds}::int[])`;
    }
    await storeEntities(
      tx,
      [...toInsert, ...toUpdate].map((i) => ({ alertId: results[i]!.id, alert: alerts[i]! })),
    );
    return results;
  });
}

/** The alert's columns, as jsonb_to_recordset reads them with RECORD. */
function columns(a: ParsedAlert, batchId: number | null) {
  return {
    system_alert_id: a.systemAlertId,
    provider_name: a.providerName,
    vendor_name: a.vendorName,
    product_name: a.productName,
    display_name: a.displayName,
    alert_name: a.alertName,
    alert_type: a.alertType,
    severity: a.severity,
    status: a.status,
    description: a.description,
    vendor_original_id: a.vendorOriginalId,
    compromised_entity: a.compromisedEntity,
    time_generated: a.timeGenerated.toISOString(),
    start_time: a.startTime?.toISOString() ?? null,
    end_time: a.endTime?.toISOString() ?? null,
    tactics: a.tactics,
    techniques: a.techniques,
    // jsonb_to_recordset reads a JSON null as SQL NULL, and any other value (a string too) as is.
    extended_properties: a.extendedProperties ?? null,
    entities: a.entities,
    raw: a.raw,
    import_warnings: a.warnings.length ? a.warnings : null,
    batch_id: batchId,
  };
}

const RECORD = Prisma.raw(`system_alert_id text, provider_name text, vendor_name text, product_name text,
  display_name text, alert_name text, alert_type text, severity text, status text, description text,
  vendor_original_id text, compromised_entity text, time_generated timestamptz, start_time timestamptz,
  end_time timestamptz, tactics text[], techniques text[], extended_properties jsonb, entities jsonb, raw jsonb,
  import_warnings jsonb, batch_id int`);

async function storeEntities(tx: Tx, stored: { alertId: number; alert: ParsedAlert }[]): Promise<void> {
  const hosts = stored.flatMap(({ alertId, alert }) =>
    alert.hosts.map((h) => ({
      alert_id: alertId,
      entity_id: h.entityId,
      host_name: h.hostName,
      dns_domain: h.dnsDomain,
      fqdn: h.fqdn,
    })),
  );
  if (hosts.length) {
    await tx.$executeRaw`
      INSERT INTO alert_hosts (alert_id, entity_id, host_name, dns_domain, fqdn)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(hosts)}::jsonb)
                 AS r(alert_id int, entity_id text, host_name text, dns_domain text, fqdn text)`;
  }
  const files = stored.flatMap(({ alertId, alert }) =>
    alert.files.map((f) => ({
      alert_id: alertId,
      entity_id: f.entityId,
      name: f.name,
      directory: f.directory,
      sha1: f.sha1,
      sha256: f.sha256,
      md5: f.md5,
      hashes: f.hashes ?? null,
    })),
  );
  if (files.length) {
    await tx.$executeRaw`
      INSERT INTO alert_files (alert_id, entity_id, name, directory, sha1, sha256, md5, hashes)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(files)}::jsonb)
                 AS r(alert_id int, entity_id text, name text, directory text, sha1 text, sha256 text, md5 text, hashes jsonb)`;
  }
  const processes = stored.flatMap(({ alertId, alert }) =>
    alert.processes.map((p) => ({
      alert_id: alertId,
      entity_id: p.entityId,
      process_id: p.processId,
      command_line: p.commandLine,
      creation_time_utc: p.creationTimeUtc?.toISOString() ?? null,
      image_file_ref: p.imageFileRef,
      parent_ref: p.parentRef,
      account_name: p.accountName,
      host_ref: p.hostRef,
    })),
  );
  if (processes.length) {
    const alertIds = stored.map((s) => s.alertId);
    // The image file is the alert's file entity the process names (unique on alert_id, entity_id).
    await tx.$executeRaw`
      INSERT INTO alert_processes (alert_id, entity_id, process_id, command_line, creation_time_utc,
                                   image_file_ref, image_file_id, parent_ref, account_name, host_ref)
      SELECT r.alert_id, r.entity_id, r.process_id, r.command_line, r.creation_time_utc,
             r.image_file_ref, f.id, r.parent_ref, r.account_name, r.host_ref
        FROM jsonb_to_recordset(${JSON.stringify(processes)}::jsonb)
               AS r(alert_id int, entity_id text, process_id text, command_line text, creation_time_utc timestamptz,
                    image_file_ref text, parent_ref text, account_name text, host_ref text)
        LEFT JOIN alert_files f ON f.alert_id = r.alert_id AND f.entity_id = r.image_file_ref`;
    // Parents can appear after their children in Entities; link once all rows exist.
    await tx.$executeRaw`
      UPDATE alert_processes p SET parent_id = pp.id
        FROM alert_processes pp
       WHERE p.alert_id = ANY(${alertIds}::int[]) AND pp.alert_id = p.alert_id AND pp.entity_id = p.parent_ref`;
  }
}
