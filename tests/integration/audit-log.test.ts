// The audit log's guarantees: the database itself refuses to rewrite it, and cases opened by
// enrichment are seeded and audited in enrichment's own transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { findAuditEntries } from "../../lib/audit/find-audit-entries";
import { recordAudit } from "../../lib/audit/record-audit";
import type { AuditEvent } from "../../lib/audit/events";
import { closeDb, getPrisma } from "../../lib/db";
import { enrichAlert } from "../../lib/enrich/enrich-alert";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { closeQueues } from "../../lib/jobs/queues";
import { makeUser } from "../support/case-factories";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

describe("audit_entries is append-only in the database", () => {
  it("refuses UPDATE and DELETE of an entry, whoever asks", async () => {
    const actor = await makeUser("admin");
    await getPrisma().$transaction((tx) =>
      recordAudit(tx, {
        actor,
        entityType: "attacker",
        entityId: actor.id,
        action: "attacker.label",
        before: { label: null },
        after: { label: "append-only" },
      }),
    );
    const entry = await getPrisma().auditEntry.findFirstOrThrow({ where: { actorId: actor.id } });
    await expect(
      getPrisma().$executeRawUnsafe("UPDATE audit_entries SET action = 'rewritten' WHERE id = $1", entry.id),
    ).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(getPrisma().$executeRawUnsafe("DELETE FROM audit_entries WHERE id = $1", entry.id)).rejects.toThrow(
      /append-only \(DELETE refused\)/,
    );
    await expect(getPrisma().auditEntry.deleteMany({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    const again = await getPrisma().auditEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(again).toMatchObject({ action: "attacker.label", after: { label: "append-only" } });
  });
});

describe("findAuditEntries", () => {
  it("pages newest first and filters by actor and action family", async () => {
    const actor = await makeUser("analyst");
    const on = { actor, entityId: 1 } as const;
    for (const event of [
      { ...on, entityType: "case", action: "case.title", before: "a", after: "b" },
      { ...on, entityType: "case", action: "case.owner", before: null, after: null },
      { ...on, entityType: "note", action: "note.create", before: null, after: { kind: "note", body: "x" } },
    ] satisfies AuditEvent[]) {
      await getPrisma().$transaction((tx) => recordAudit(tx, event));
    }
    const all = await findAuditEntries({ actorId: actor.id, page: 1, perPage: 2 });
    expect(all.count).toBe(3);
    expect(all.data.map((e) => e.action)).toEqual(["note.create", "case.owner"]);
    expect(typeof all.data[0]!.id).toBe("string");
    const cases = await findAuditEntries({ actorId: actor.id, action: "case." });
    expect(cases.data.map((e) => e.action)).toEqual(["case.owner", "case.title"]);
    expect((await findAuditEntries({ actorId: actor.id, action: "case.owner" })).count).toBe(1);
  });
});

describe("a case opened by enrichment", () => {
  const HOST = `web${randomBytes(3).toString("hex")}`;
  const FILE_ALERT = randomUUID();
  const COMMAND_ALERT = randomUUID();

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-audit-"));
    const log = (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8")).replaceAll(
      " WEB01 ",
      ` ${HOST.toUpperCase()} `,
    );
    await writeFile(join(dir, "u_ex240514.log"), log);
    await importWebLogs([join(dir, "u_ex240514.log")]);
    const doc = JSON.parse(await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8"));
    doc.rows[0].SystemAlertId = FILE_ALERT;
    doc.rows[1].SystemAlertId = COMMAND_ALERT;
    for (const row of doc.rows) row.Entities = row.Entities.replaceAll("web01", HOST);
    await writeFile(join(dir, "alerts.json"), JSON.stringify(doc));
    await importAlerts([join(dir, "alerts.json")]);
  });

  it("gets the six playbook tasks and one system case.create entry, once for both alerts", async () => {
    for (const systemAlertId of [FILE_ALERT, COMMAND_ALERT]) {
      const { id } = await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId } });
      expect(await enrichAlert(id)).toBe("finding");
    }
    const alerts = await getPrisma().alert.findMany({
      where: { systemAlertId: { in: [FILE_ALERT, COMMAND_ALERT] } },
      select: { caseId: true },
    });
    const caseIds = [...new Set(alerts.map((a) => a.caseId))];
    expect(caseIds).toHaveLength(1);
    const caseId = caseIds[0]!;
    const tasks = await getPrisma().caseTask.findMany({ where: { caseId }, orderBy: { position: "asc" } });
    expect(tasks.map((t) => [t.position, t.key])).toEqual([
      [1, "confirm-shell"],
      [2, "first-access"],
      [3, "other-servers"],
      [4, "contain"],
      [5, "remove-shell"],
      [6, "close"],
    ]);
    const audit = await getPrisma().auditEntry.findMany({ where: { caseId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "case.create",
      actorId: null,
      actorLabel: "system",
      entityType: "case",
      entityId: String(caseId),
    });
    expect(audit[0]!.after).toMatchObject({
      hostName: HOST.toUpperCase(),
      shellLocation: expect.stringMatching(/\.aspx$/),
    });
  });
});
