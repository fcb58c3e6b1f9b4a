// Stores parsed SecurityAlert rows: one alert per SystemAlertId, the newest TimeGenerated wins
// (the table keeps a row per update of an alert). An alert and its entities change together in
// one transaction.
import { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import type { ParsedAlert } from "./parsed-alert";

export type StoreOutcome = "imported" | "updated" | "unchanged";

type Tx = Prisma.TransactionClient;

export async function storeAlert(
  alert: ParsedAlert,
  batchId: number | null,
): Promise<{ outcome: StoreOutcome; id: number }> {
  return getPrisma().$transaction(async (tx) => {
    // Serialise writers of the same SystemAlertId (two files carrying one alert, imported at once).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"alert:" + alert.systemAlertId}))`;
    const existing = await tx.alert.findUnique({
      where: { systemAlertId: alert.systemAlertId },
      select: { id: true, timeGenerated: true },
    });
    if (existing && existing.timeGenerated.getTime() >= alert.timeGenerated.getTime()) {
      return { outcome: "unchanged" as const, id: existing.id };
    }

    const data = {
      providerName: alert.providerName,
      vendorName: alert.vendorName,
      productName: alert.productName,
      displayName: alert.displayName,
      alertName: alert.alertName,
      alertType: alert.alertType,
      severity: alert.severity,
      status: alert.status,
      description: alert.description,
      vendorOriginalId: alert.vendorOriginalId,
      compromisedEntity: alert.compromisedEntity,
      timeGenerated: alert.timeGenerated,
      startTime: alert.startTime,
      endTime: alert.endTime,
      tactics: alert.tactics,
      techniques: alert.techniques,
      extendedProperties: (alert.extendedProperties ?? undefined) as Prisma.InputJsonValue | undefined,
      entities: alert.entities as Prisma.InputJsonValue,
      raw: alert.raw as Prisma.InputJsonValue,
      importWarnings: alert.warnings.length ? alert.warnings : Prisma.DbNull,
      // New evidence: enrichment is owed until a job is queued (requestEnrichment, or the reconciler).
      enrichmentState: "pending" as const,
      batchId,
    };
    let alertId: number;
    if (existing) {
      alertId = existing.id;
      await tx.alert.update({ where: { id: alertId }, data });
      // Entities are replaced wholesale: an update may add, drop or renumber them.
      await tx.alertProcess.deleteMany({ where: { alertId } });
      await tx.alertFile.deleteMany({ where: { alertId } });
      await tx.alertHost.deleteMany({ where: { alertId } });
    } else {
      alertId = (await tx.alert.create({ data: { systemAlertId: alert.systemAlertId, ...data }, select: { id: true } }))
        .id;
    }
    await storeEntities(tx, alertId, alert);
    return { outcome: existing ? ("updated" as const) : ("imported" as const), id: alertId };
  });
}

async function storeEntities(tx: Tx, alertId: number, alert: ParsedAlert): Promise<void> {
  if (alert.hosts.length) {
    await tx.alertHost.createMany({ data: alert.hosts.map((h) => ({ alertId, ...h })) });
  }
  const fileIds = new Map<string, number>();
  for (const f of alert.files) {
    const { hashes, ...rest } = f;
    const row = await tx.alertFile.create({
      data: { alertId, ...rest, hashes: (hashes ?? undefined) as Prisma.InputJsonValue | undefined },
      select: { id: true },
    });
    fileIds.set(f.entityId, row.id);
  }
  const processIds = new Map<string, number>();
  for (const p of alert.processes) {
    const row = await tx.alertProcess.create({
      data: {
        alertId,
        ...p,
        imageFileId: p.imageFileRef ? (fileIds.get(p.imageFileRef) ?? null) : null,
      },
      select: { id: true },
    });
    processIds.set(p.entityId, row.id);
  }
  // Parents can appear after their children in Entities; link once all rows exist.
  for (const p of alert.processes) {
    const parentId = p.parentRef ? processIds.get(p.parentRef) : undefined;
    if (parentId !== undefined) {
      await tx.alertProcess.update({ where: { id: processIds.get(p.entityId)! }, data: { parentId } });
    }
  }
}
