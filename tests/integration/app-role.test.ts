// The app's database role (prisma/migrations/*_app_role, scripts/migrate.ts): connected as it, the
// audit log can be read and appended to but not rewritten, emptied or unprotected, while the
// importer (a new month's partition, ANALYZE), enrichment and case work still run. The lib code
// in this file connects as that role, as the web app and the workers do.
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { appDatabaseUrl, APP_LOGIN } from "../support/test-database";

const ownerUrl = inject("databaseUrl");
// Before any lib module reads the environment (it does so on first use).
process.env.DATABASE_URL = appDatabaseUrl(ownerUrl);

const { closeDb, getPool, getPrisma } = await import("../../lib/db");
const { closeQueues } = await import("../../lib/jobs/queues");
const { importWebLogs } = await import("../../lib/ingest/import-web-logs");
const { importAlerts } = await import("../../lib/alerts/import-alerts");
const { enrichAlert } = await import("../../lib/enrich/enrich-alert");
const { changeCaseStatus } = await import("../../lib/cases/change-case-status");

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

let owner: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
});

afterAll(async () => {
  await owner.end();
  await closeQueues();
  await closeDb();
});

/** The SQLSTATE a statement run as the app's role fails with. */
async function refusal(sql: string): Promise<string | undefined> {
  try {
    await getPool().query(sql);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe("the app's database role", () => {
  it("is who the app connects as, and not the tables' owner", async () => {
    const { rows } = await getPool().query<{ who: string; owns: boolean; member: boolean }>(
      `SELECT current_user AS who,
              pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_entries'), 'MEMBER') AS owns,
              pg_has_role(current_user, 'shellcase_app', 'MEMBER') AS member`,
    );
    expect(rows[0]).toEqual({ who: APP_LOGIN, owns: false, member: true });
  });

  it("reads and appends the audit log, and cannot rewrite, empty or unprotect it", async () => {
    const marker = `app-role-${randomBytes(4).toString("hex")}`;
    await getPool().query(
      `INSERT INTO audit_entries (actor_label, entity_type, entity_id, action) VALUES ('system', 'test', $1, 'test.appended')`,
      [marker],
    );
    const read = await getPool().query("SELECT 1 FROM audit_entries WHERE entity_id = $1", [marker]);
    expect(read.rowCount).toBe(1);

    // 42501 insufficient_privilege: refused by the grants, before the trigger is even asked.
    expect(await refusal(`UPDATE audit_entries SET action = 'rewritten' WHERE entity_id = '${marker}'`)).toBe("42501");
    expect(await refusal(`DELETE FROM audit_entries WHERE entity_id = '${marker}'`)).toBe("42501");
    expect(await refusal("TRUNCATE audit_entries")).toBe("42501");
    expect(await refusal("ALTER TABLE audit_entries DISABLE TRIGGER ALL")).toBe("42501");
    expect(await refusal("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")).toBe("42501");
    expect(await refusal("DROP TRIGGER audit_entries_append_only ON audit_entries")).toBe("42501");
    expect(await refusal("DROP TABLE audit_entries")).toBe("42501");
    expect(await refusal("DROP FUNCTION shellcase_audit_entries_append_only() CASCADE")).toBe("42501");

    // Still there, unchanged, and the trigger still armed.
    const kept = await owner.query("SELECT action FROM audit_entries WHERE entity_id = $1", [marker]);
    expect(kept.rows).toEqual([{ action: "test.appended" }]);
    const triggers = await owner.query(
      "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_entries'::regclass AND NOT tgisinternal ORDER BY tgname",
    );
    expect(triggers.rows).toEqual([
      { tgname: "audit_entries_append_only", tgenabled: "O" },
      { tgname: "audit_entries_no_truncate", tgenabled: "O" },
    ]);
  });

  it("imports web logs into a month with no partition yet, and refreshes its statistics", async () => {
    // A month no other test writes: its partition must be made during this import.
    const month = `2001-${String(1 + Math.floor(Math.random() * 12)).padStart(2, "0")}`;
    const partition = `web_requests_y${month.replace("-", "m")}`;
    await owner.query(`DROP TABLE IF EXISTS ${partition}`);
    const host = `ROLE${randomBytes(3).toString("hex").toUpperCase()}`;
    const dir = await mkdtemp(join(tmpdir(), "shellcase-app-role-"));
    const path = join(dir, "u_ex.log");
    const lines = Array.from(
      { length: 40 },
      (_, i) => `${month}-03 00:00:${String(i).padStart(2, "0")} ${host} 192.0.2.9 GET /p${i}.aspx 200`,
    );
    await writeFile(
      path,
      ["#Fields: date time s-computername c-ip cs-method cs-uri-stem sc-status", ...lines].join("\n") + "\n",
    );

    const summary = await importWebLogs([path]);
    expect(summary).toMatchObject({ files: 1, imported: 40, rejected: 0 });
    const made = await owner.query<{ owner: string; reltuples: number }>(
      "SELECT pg_get_userbyid(relowner) AS owner, reltuples FROM pg_class WHERE relname = $1",
      [partition],
    );
    // Made by the owner's function, not by the app's role.
    expect(made.rows[0]?.owner).not.toBe(APP_LOGIN);

    // ANALYZE as the app's role would be skipped with a warning; the owner's function runs it.
    await getPool().query("SELECT shellcase_analyze_web_requests_partition($1::date)", [`${month}-01`]);
    const analyzed = await owner.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE relname = $1", [
      partition,
    ]);
    expect(analyzed.rows[0]!.reltuples).toBe(40);
  });

  it("enriches an alert into a case and changes the case, audited", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-app-role-"));
    const host = `web${randomBytes(3).toString("hex")}`;
    const doc = JSON.parse(await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8"));
    const row = doc.rows[1];
    row.SystemAlertId = randomUUID();
    row.Entities = row.Entities.replaceAll("web01", host);
    await writeFile(join(dir, "alert.json"), JSON.stringify([row]));
    const log = (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8")).replaceAll(
      " WEB01 ",
      ` ${host.toUpperCase()} `,
    );
    await writeFile(join(dir, "u_ex240514.log"), log);
    await importWebLogs([join(dir, "u_ex240514.log")]);
    await importAlerts([join(dir, "alert.json")]);
    const alert = await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId: row.SystemAlertId } });

    await enrichAlert(alert.id);
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } });
    expect(finding.shellLocation).toBe("/aspnet_client/system_web/Setconfigure.aspx");

    // Enrichment opened (or joined) the alert's case, as the app's role.
    const { caseId } = await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(caseId).not.toBeNull();
    const user = await getPrisma().user.create({
      data: { email: `analyst-${randomBytes(4).toString("hex")}@example.test`, name: "Role Analyst", role: "analyst" },
    });
    const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
    const kase = await getPrisma().case.findUniqueOrThrow({ where: { id: caseId! } });
    await changeCaseStatus(actor, { caseId: kase.id, version: kase.version, to: "investigating" });
    expect((await getPrisma().case.findUniqueOrThrow({ where: { id: kase.id } })).status).toBe("investigating");
    const audit = await getPrisma().auditEntry.findMany({ where: { caseId: kase.id, actorId: user.id } });
    expect(audit.map((a) => a.action)).toContain("case.status");
  });
});
