// The one writer of the append-only audit log (a trigger refuses UPDATE and DELETE on
// audit_entries). Call it inside the Prisma transaction that makes the change, so that a change
// and its entry commit together or not at all. Events are typed in ./events.ts.
import type { Prisma } from "../generated/prisma/client";
import type { AuditEvent } from "./events";

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function recordAudit(tx: Prisma.TransactionClient, event: AuditEvent): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO audit_entries (actor_id, actor_label, case_id, entity_type, entity_id, action, before, after)
    VALUES (${event.actor?.id ?? null}, ${event.actor?.email ?? "system"}, ${event.caseId ?? null},
            ${event.entityType}, ${String(event.entityId)}, ${event.action},
            ${json(event.before)}::jsonb, ${json(event.after)}::jsonb)`;
}
