// Writes or removes the one finding of an alert inside the caller's transaction, and says what
// was there before, so that the change can be audited (./record-finding-change.ts) once the
// finding's case is known. Idempotent: upserted by alert (findings_alert_id_key).
import type { Prisma } from "../generated/prisma/client";
import type { FindingValues } from "../audit/events";
import type { FindingDraft } from "./finding-draft";
import { parseFindingJson } from "./parse-finding-json";

type Tx = Prisma.TransactionClient;

export interface StoredFinding {
  id: number;
  values: FindingValues;
}

interface Row {
  id: number;
  alert_id: number;
  case_id: number | null;
  kind: string;
  host_name: string;
  site: string | null;
  shell_location: string;
  command_line: string | null;
  first_shell_access: Date | null;
  installed_via: unknown;
  attackers: unknown;
  confidence: number;
}

/** The audited values of a finding row; the same shape whether read back or just drafted. */
export function findingValues(
  alertId: number,
  caseId: number | null,
  f: Pick<FindingDraft, "hostName" | "site" | "shellLocation" | "commandLine" | "confidence"> & {
    kind: string;
    firstShellAccess: Date | null;
    installedVia: unknown;
    attackers: unknown;
  },
): FindingValues {
  const { installedVia, attackers } = parseFindingJson({
    installedVia: f.installedVia,
    attackers: f.attackers,
    evidence: [],
  });
  return {
    alertId,
    caseId,
    kind: f.kind,
    hostName: f.hostName,
    site: f.site,
    shellLocation: f.shellLocation,
    commandLine: f.commandLine,
    firstShellAccess: f.firstShellAccess?.toISOString() ?? null,
    installedVia,
    attackers,
    confidence: f.confidence,
  };
}

/** The alert's finding as stored now, or null. */
export async function getStoredFinding(tx: Tx, alertId: number): Promise<StoredFinding | null> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT id, alert_id, case_id, kind::text AS kind, host_name, site, shell_location, command_line, first_shell_access,
           installed_via, attackers, confidence
      FROM findings WHERE alert_id = ${alertId} FOR UPDATE`;
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    values: findingValues(r.alert_id, r.case_id, {
      kind: r.kind,
      hostName: r.host_name,
      site: r.site,
      shellLocation: r.shell_location,
      commandLine: r.command_line,
      confidence: r.confidence,
      firstShellAccess: r.first_shell_access,
      installedVia: r.installed_via,
      attackers: r.attackers,
    }),
  };
}

/** Inserts or replaces the alert's finding; returns its id. */
export async function saveFinding(tx: Tx, alertId: number, draft: FindingDraft, generation: number): Promise<number> {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const rows = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO findings (alert_id, kind, host_name, site, shell_location, shell_name, command_line,
                          process_created_at, file_created_at, first_shell_access, installed_via, attackers,
                          confidence, reasons, evidence, generation, updated_at)
    VALUES (${alertId}, ${draft.kind}::"AlertKind", ${draft.hostName}, ${draft.site}, ${draft.shellLocation}, ${draft.shellName},
            ${draft.commandLine}, ${draft.processCreatedAt}, ${draft.fileCreatedAt}, ${draft.firstShellAccess},
            ${json(draft.installedVia)}::jsonb, ${json(draft.attackers)}::jsonb, ${draft.confidence},
            ${draft.reasons}::text[], ${json(draft.evidence)}::jsonb, ${generation}, now())
    ON CONFLICT (alert_id) DO UPDATE SET
      kind = EXCLUDED.kind, host_name = EXCLUDED.host_name, site = EXCLUDED.site,
      shell_location = EXCLUDED.shell_location, shell_name = EXCLUDED.shell_name,
      command_line = EXCLUDED.command_line, process_created_at = EXCLUDED.process_created_at,
      file_created_at = EXCLUDED.file_created_at, first_shell_access = EXCLUDED.first_shell_access,
      installed_via = EXCLUDED.installed_via, attackers = EXCLUDED.attackers, confidence = EXCLUDED.confidence,
      reasons = EXCLUDED.reasons, evidence = EXCLUDED.evidence, generation = EXCLUDED.generation, updated_at = now()
    RETURNING id`;
  return rows[0]!.id;
}

/** Removes the alert's finding (no longer confident, or no longer a web shell alert). */
export async function deleteFinding(tx: Tx, alertId: number): Promise<void> {
  await tx.$executeRaw`DELETE FROM findings WHERE alert_id = ${alertId}`;
}
