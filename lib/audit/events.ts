// Everything the audit log records, as one discriminated union on `action`: each event names its
// entity type and carries typed values before and after. recordAudit (./record-audit.ts) is the
// only writer; notifications and webhooks will subscribe to these same events by name.
// The action strings are the ones stored since the log began ("case.status", not
// "case.status_changed"), so old rows, describe-audit-entry and the activity feed read them all.
import type { Actor } from "../auth/roles";
import type { PivotParams } from "../pivots/pivot-params";

/** Null for the system (enrichment, workers, the CLI without a user): stored as "system". */
export type AuditActor = Pick<Actor, "id" | "email"> | null;

interface Base<A extends string, E extends string, B, F> {
  action: A;
  entityType: E;
  entityId: string | number;
  actor: AuditActor;
  /** The case the entry shows up in (its activity feed); null for entries of no case. */
  caseId?: number | null;
  before?: B;
  after?: F;
}

export interface CaseCreatedValues {
  number: string;
  title: string;
  hostName: string;
  site: string | null;
  shellLocation: string | null;
  severity: string | null;
  /** Opened by an analyst: the owner and the alerts moved in. */
  ownerId?: number;
  alertIds?: number[];
  /** Opened by enrichment: the finding (and its alert) that opened it. */
  findingId?: number;
  alertId?: number;
}
export interface CaseDecision {
  status: string;
  classification: string | null;
  conclusion: string | null;
}
export type PersonLabel = { id: number; name: string; email: string } | null;
export interface Watcher {
  userId: number;
  email: string;
}
export interface CaseMembership {
  caseId: number | null;
  caseNumber?: string | null;
  dismissed?: boolean;
}
/** What an analyst relies on in a finding: compared to decide whether enrichment changed it. */
export interface FindingValues {
  alertId: number;
  caseId: number | null;
  kind: string;
  hostName: string;
  site: string | null;
  shellLocation: string;
  commandLine: string | null;
  firstShellAccess: string | null;
  installedVia: InstalledViaValues | null;
  attackers: AttackerValues[];
  confidence: number;
}
/** The request that installed a file alert's shell, as findings and their audit entries show it. */
// Type aliases, not interfaces: stored JSON (Prisma's JsonValue) converts to them.
export type InstalledViaValues = {
  time: string;
  method: string | null;
  uri: string;
  ip: string | null;
  userAgent: string | null;
};
export type AttackerValues = { ip: string | null; userAgent: string | null };
export interface UserValues {
  email: string;
  name?: string;
  role?: string;
  disabled?: boolean;
  hasPassword?: boolean;
  entraLinked?: boolean;
  /** The Entra object id an admin linked (user.entra_link / user.entra_unlink). */
  entraObjectId?: string | null;
  via?: string;
}
/** What an audit entry records of a data source: never its secret, only whether it has one. */
export interface SourceValues {
  name: string;
  workspaceId: string;
  tenantId: string;
  authKind: string;
  clientId: string | null;
  hasSecret: boolean;
  /** On an update: a new secret was given (the value itself is never recorded). */
  secretChanged?: boolean;
  queryEndpoint: string | null;
  authorityHost: string | null;
  hasCaCert: boolean;
  subscriptionId: string | null;
  resourceGroup: string | null;
  workspaceName: string | null;
  incidentSync: boolean;
  pullIntervalSeconds: number;
  enabled: boolean;
  pullSince: string | null;
}
/** The outcome of a source's "Test connection". */
export interface SourceTestValues {
  ok: boolean;
  kind?: string;
  tables?: Record<string, boolean>;
}
interface TaskValues {
  key: string;
}
interface AttackerProfileRef {
  id: number;
  ip?: string;
  userAgent?: string;
  mergedIntoId: number | null;
}

export type AuditEvent =
  | Base<"case.create", "case", null, CaseCreatedValues>
  | Base<"case.status", "case", CaseDecision, CaseDecision>
  | Base<"case.owner", "case", PersonLabel, PersonLabel>
  | Base<"case.severity", "case", string | null, string | null>
  | Base<"case.tags", "case", string[], string[]>
  | Base<"case.title", "case", string, string>
  | Base<"case.watch", "case", null, Watcher>
  | Base<"case.unwatch", "case", Watcher, null>
  | Base<"alert.add_to_case", "alert", CaseMembership, CaseMembership>
  | Base<"alert.dismiss", "alert", { dismissed: boolean }, { dismissed: boolean; reason: string | null }>
  | Base<"alert.re_enrich", "alert", null, { generation: number }>
  | Base<"finding.create", "finding", null, FindingValues>
  | Base<"finding.change", "finding", FindingValues, FindingValues>
  | Base<"finding.delete", "finding", FindingValues, null>
  | Base<"note.create", "note", null, { kind: string; body: string }>
  | Base<"note.edit", "note", { body: string; version: number }, { body: string; version: number }>
  | Base<"note.delete", "note", { kind: string; body: string }, null>
  | Base<"task.assign", "task", TaskValues & { assignee: unknown }, TaskValues & { assignee: unknown }>
  | Base<
      "task.complete" | "task.uncomplete",
      "task",
      TaskValues & { done: boolean; doneBy: string | null },
      TaskValues & { done: boolean; doneBy: string | null }
    >
  | Base<
      | "user.create"
      | "user.rename"
      | "user.role"
      | "user.disable"
      | "user.enable"
      | "user.password"
      | "user.entra_link"
      | "user.entra_unlink",
      "user",
      UserValues,
      UserValues
    >
  | Base<"attacker.merge", "attacker", { profiles: AttackerProfileRef[] }, { profiles: AttackerProfileRef[] }>
  | Base<"attacker.split", "attacker", { mergedIntoId: number | null }, { mergedIntoId: number | null }>
  | Base<"attacker.label", "attacker", { label: string | null }, { label: string | null }>
  | Base<"pivot.run", "pivot", null, PivotParams>
  | Base<"source.create", "source", null, SourceValues>
  | Base<"source.update", "source", SourceValues, SourceValues>
  | Base<"source.delete", "source", SourceValues, null>
  | Base<"source.test", "source", null, SourceTestValues>;

export type AuditAction = AuditEvent["action"];

/** Every event name, for subscribers (notifications, webhooks) to choose from. */
export const AUDIT_ACTIONS = [
  "case.create",
  "case.status",
  "case.owner",
  "case.severity",
  "case.tags",
  "case.title",
  "case.watch",
  "case.unwatch",
  "alert.add_to_case",
  "alert.dismiss",
  "alert.re_enrich",
  "finding.create",
  "finding.change",
  "finding.delete",
  "note.create",
  "note.edit",
  "note.delete",
  "task.assign",
  "task.complete",
  "task.uncomplete",
  "user.create",
  "user.rename",
  "user.role",
  "user.disable",
  "user.enable",
  "user.password",
  "user.entra_link",
  "user.entra_unlink",
  "attacker.merge",
  "attacker.split",
  "attacker.label",
  "pivot.run",
  "source.create",
  "source.update",
  "source.delete",
  "source.test",
] as const satisfies readonly AuditAction[];

// Compile-time check that the list names every event of the union.
type Missing = Exclude<AuditAction, (typeof AUDIT_ACTIONS)[number]>;
const everyActionListed: Missing extends never ? true : Missing = true;
void everyActionListed;
