// Writes one entry of the append-only audit log (a trigger refuses UPDATE and DELETE on
// audit_entries). Call it inside the transaction that makes the change, so that a change and its
// entry commit together or not at all. Works on a Prisma transaction client or a pg client.
import type pg from "pg";
import type { Prisma } from "../generated/prisma/client";
import type { Actor } from "../auth/roles";

export interface AuditInput {
  /** Null for the system (enrichment, workers, the CLI without a user). */
  actor: Pick<Actor, "id" | "email"> | null;
  caseId?: number | null;
  /** case, alert, note, task, user, attacker, pivot, … */
  entityType: string;
  entityId: string | number;
  /** What happened, e.g. case.status, case.owner, note.create, alert.dismiss. */
  action: string;
  before?: unknown;
  after?: unknown;
}

const SQL = `INSERT INTO audit_entries (actor_id, actor_label, case_id, entity_type, entity_id, action, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`;

function values(e: AuditInput): unknown[] {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  return [
    e.actor?.id ?? null,
    e.actor?.email ?? "system",
    e.caseId ?? null,
    e.entityType,
    String(e.entityId),
    e.action,
    json(e.before),
    json(e.after),
  ];
}

export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditInput): Promise<void> {
  await tx.$executeRawUnsafe(SQL, ...values(entry));
}

export async function recordAuditSql(db: Pick<pg.PoolClient, "query">, entry: AuditInput): Promise<void> {
  await db.query(SQL, values(entry));
}
