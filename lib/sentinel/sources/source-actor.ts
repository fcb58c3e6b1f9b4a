// Who may manage data sources: an admin, or the local operator (the CLI, run by whoever holds the
// deployment's configuration and database credentials). Every function of lib/sentinel/sources
// that changes or reveals a source's settings takes one of these and checks it itself, so that a
// page, an action or a route that forgot to check cannot leak or change a source.
import type { AuditActor } from "../../audit/events";
import { requireRole, type Actor } from "../../auth/roles";

export interface LocalOperator {
  kind: "local-operator";
  /** Who ran the CLI (`cli:alice`), for logs; the audit log records the operator as the system. */
  label: string;
}

export type SourceActor = Actor | LocalOperator;

export function localOperator(label: string): LocalOperator {
  return { kind: "local-operator", label };
}

const isLocalOperator = (a: SourceActor): a is LocalOperator => "kind" in a && a.kind === "local-operator";

/** 401 without an actor, 403 below admin; the local operator passes. */
export function requireSourceAdmin(actor: SourceActor | null | undefined): SourceActor {
  if (actor && isLocalOperator(actor)) return actor;
  return requireRole(actor as Actor | null | undefined, "admin");
}

/** The audit log's actor: the user, or the system for the local operator (as `user` CLI commands do). */
export function auditActorOf(actor: SourceActor): AuditActor {
  return isLocalOperator(actor) ? null : { id: actor.id, email: actor.email };
}
