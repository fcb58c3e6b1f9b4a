// Removes a data source with its audit entry. What it brought stays: its alerts keep their rows
// (their source becomes null) and fetched requests stay in web_requests; its coverage map and
// incident links go with it (ON DELETE CASCADE), so a source added again fetches afresh.
import { recordAudit } from "../../audit/record-audit";
import { getPrisma } from "../../db";
import { afterSourcesChanged } from "./after-sources-changed";
import { lockSource } from "./lock-source";
import { auditActorOf, requireSourceAdmin, type SourceActor } from "./source-actor";
import { auditSource, toSourceView, type SourceView } from "./source-view";

export async function deleteSource(actor: SourceActor, id: number): Promise<SourceView> {
  requireSourceAdmin(actor);
  const view = await getPrisma().$transaction(async (tx) => {
    const before = await lockSource(tx, id);
    await tx.dataSource.delete({ where: { id: before.id } });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      entityType: "source",
      entityId: before.id,
      action: "source.delete",
      before: auditSource(before),
    });
    return toSourceView(before);
  });
  await afterSourcesChanged();
  return view;
}
