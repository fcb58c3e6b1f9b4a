// Puts a finding in a case: the open case that already holds the same host and shell (so the
// file alert and the command alerts of one intrusion share it), or a new one. Runs on the
// caller's connection, inside its transaction: a new case gets its playbook tasks and a system
// case.create audit entry in that same transaction.
import type pg from "pg";
import { recordAuditSql } from "../audit/record-audit";
import { playbookTaskRows } from "./playbook";

type Db = Pick<pg.PoolClient, "query">;

export async function nextCaseNumber(db: Db, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  // One row per year, incremented atomically: numbers are never reused, even under concurrency.
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO case_counters (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`,
    [year],
  );
  return `CASE-${year}-${String(rows[0]!.last).padStart(4, "0")}`;
}

export async function assignCase(
  db: Db,
  finding: { id: number; hostName: string; site: string | null; shellLocation: string },
  severity: string | null,
): Promise<number> {
  // An alert belongs to one case: once it is in one (its first enrichment, or an analyst moved
  // it), its finding stays there, even if that case is closed since — a late log must neither
  // pull the finding back to the host and shell's case nor open a new case beside the alert's.
  const held = await db.query<{ case_id: number | null }>(
    "SELECT a.case_id FROM alerts a JOIN findings f ON f.alert_id = a.id WHERE f.id = $1",
    [finding.id],
  );
  const alertCaseId = held.rows[0]?.case_id ?? null;
  if (alertCaseId !== null) {
    await db.query("UPDATE findings SET case_id = $2 WHERE id = $1", [finding.id, alertCaseId]);
    return alertCaseId;
  }
  // Serialise case creation for one host and shell, so that two alerts of one intrusion enriched
  // at once cannot open two cases.
  await db.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
    `case:${finding.hostName.toLowerCase()}:${finding.shellLocation.toLowerCase()}`,
  ]);
  const open = await db.query<{ id: number }>(
    `SELECT id FROM cases WHERE status <> 'closed' AND lower(host_name) = lower($1) AND lower(shell_location) = lower($2)
      ORDER BY id LIMIT 1`,
    [finding.hostName, finding.shellLocation],
  );
  let caseId = open.rows[0]?.id;
  if (caseId === undefined) {
    const number = await nextCaseNumber(db);
    const title = `Web shell ${finding.shellLocation} on ${finding.hostName}`;
    const created = await db.query<{ id: number }>(
      `INSERT INTO cases (number, title, host_name, site, shell_location, severity, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
      [number, title, finding.hostName, finding.site, finding.shellLocation, severity],
    );
    caseId = created.rows[0]!.id;
    await db.query("INSERT INTO case_status_changes (case_id, from_status, to_status) VALUES ($1, NULL, 'new')", [
      caseId,
    ]);
    const tasks = playbookTaskRows(caseId);
    await db.query(
      `INSERT INTO case_tasks (case_id, key, title, position)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])`,
      [caseId, tasks.map((t) => t.key), tasks.map((t) => t.title), tasks.map((t) => t.position)],
    );
    await recordAuditSql(db, {
      actor: null,
      caseId,
      entityType: "case",
      entityId: caseId,
      action: "case.create",
      before: null,
      after: {
        number,
        title,
        hostName: finding.hostName,
        site: finding.site,
        shellLocation: finding.shellLocation,
        severity,
        findingId: finding.id,
      },
    });
  }
  await db.query("UPDATE findings SET case_id = $2 WHERE id = $1", [finding.id, caseId]);
  // The alert follows its finding into the case.
  await db.query("UPDATE alerts SET case_id = $2 WHERE id = (SELECT alert_id FROM findings WHERE id = $1)", [
    finding.id,
    caseId,
  ]);
  return caseId;
}
