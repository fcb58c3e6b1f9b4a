// The case mutations against the real database: each change commits with its audit entry or not
// at all, optimistic versions stop lost updates, and the lifecycle's closing rules hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { addAlertsToCase } from "../../lib/cases/add-alerts-to-case";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import { ConflictError } from "../../lib/cases/conflict-error";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { unwatchCase } from "../../lib/cases/unwatch-case";
import { updateCase } from "../../lib/cases/update-case";
import { watchCase } from "../../lib/cases/watch-case";
import { closeDb, getPrisma } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { auditOf, makeAlert, makeUser } from "../support/case-factories";

let analyst: Actor;
let other: Actor;
let viewer: Actor;

beforeAll(async () => {
  analyst = await makeUser("analyst", "Ana Lyst");
  other = await makeUser("analyst", "Otto Other");
  viewer = await makeUser("viewer");
});

afterAll(async () => {
  await closeDb();
});

async function newCase(actor: Actor = analyst) {
  const alert = await makeAlert({ severity: "High" });
  return { ...(await createCaseFromAlerts(actor, { alertIds: [alert.id] })), alert };
}

const caseRow = (id: number) => getPrisma().case.findUniqueOrThrow({ where: { id } });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("createCaseFromAlerts", () => {
  it("opens a case on the alert's host with the playbook, a status change and audit entries", async () => {
    const alert = await makeAlert({ severity: "Low" });
    const high = await makeAlert({ hostName: alert.hostName, severity: "High" });
    const { id, number } = await createCaseFromAlerts(analyst, { alertIds: [alert.id, high.id] });
    expect(number).toMatch(/^CASE-\d{4}-\d{4,}$/);
    const kase = await caseRow(id);
    expect(kase).toMatchObject({
      hostName: alert.hostName,
      shellLocation: null,
      severity: "High",
      status: "new",
      ownerId: analyst.id,
      version: 1,
    });
    const tasks = await getPrisma().caseTask.findMany({ where: { caseId: id }, orderBy: { position: "asc" } });
    expect(tasks.map((t) => t.key)).toEqual([
      "confirm-shell",
      "first-access",
      "other-servers",
      "contain",
      "remove-shell",
      "close",
    ]);
    const alerts = await getPrisma().alert.findMany({ where: { caseId: id }, select: { id: true } });
    expect(alerts.map((a) => a.id).sort()).toEqual([alert.id, high.id].sort());
    expect(await getPrisma().caseStatusChange.count({ where: { caseId: id, toStatus: "new" } })).toBe(1);
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(["case.create", "alert.add_to_case", "alert.add_to_case"]);
    expect(audit[0]).toMatchObject({ actorId: analyst.id, actorLabel: analyst.email, entityType: "case" });
  });

  it("takes the host and shell location from a finding when there is one", async () => {
    const alert = await makeAlert({
      hostName: "web77",
      finding: { hostName: "WEB77", shellLocation: "/aspnet_client/s.aspx" },
    });
    const { id } = await createCaseFromAlerts(analyst, { alertIds: [alert.id] });
    expect(await caseRow(id)).toMatchObject({
      hostName: "WEB77",
      site: "W3SVC1",
      shellLocation: "/aspnet_client/s.aspx",
      title: "Web shell /aspnet_client/s.aspx on WEB77",
    });
    expect((await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } })).caseId).toBe(id);
  });

  it("refuses an alert already in a case and leaves nothing behind", async () => {
    const { alert } = await newCase();
    const cases = await getPrisma().case.count();
    const err = await rejection(createCaseFromAlerts(analyst, { alertIds: [alert.id] }));
    expect(err.code).toBe("bad_request");
    expect(err.message).toMatch(/already in CASE-/);
    expect(await getPrisma().case.count()).toBe(cases);
  });

  it("refuses viewers", async () => {
    const alert = await makeAlert();
    expect((await rejection(createCaseFromAlerts(viewer, { alertIds: [alert.id] }))).code).toBe("forbidden");
    expect((await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } })).caseId).toBeNull();
  });
});

describe("updateCase", () => {
  it("writes one audit entry per changed field, before and after, and bumps the version", async () => {
    const { id } = await newCase();
    const result = await updateCase(analyst, {
      caseId: id,
      version: 1,
      severity: "Low",
      tags: ["ransomware", "ransomware", "dmz"],
      ownerId: other.id,
    });
    expect(result.version).toBe(2);
    expect(await caseRow(id)).toMatchObject({ severity: "Low", tags: ["ransomware", "dmz"], ownerId: other.id });
    const audit = (await auditOf(id)).filter((a) => a.action.startsWith("case.") && a.action !== "case.create");
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ["case.severity", "High", "Low"],
      ["case.tags", [], ["ransomware", "dmz"]],
      [
        "case.owner",
        { id: analyst.id, name: analyst.name, email: analyst.email },
        { id: other.id, name: other.name, email: other.email },
      ],
    ]);
  });

  it("answers a stale version with a conflict naming the field's value now, and overwrites nothing", async () => {
    const { id } = await newCase();
    await updateCase(other, { caseId: id, version: 1, severity: "Informational" });
    const before = (await auditOf(id)).length;
    const err = await rejection(updateCase(analyst, { caseId: id, version: 1, severity: "Medium" }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe("conflict");
    const email = other.email.replace(/[.+]/g, "\\$&");
    expect(err.message).toMatch(
      new RegExp(
        `^Someone else changed this case: severity is now Informational \\(changed by ${email} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)\\. Reload to see it\\.$`,
      ),
    );
    expect((err as ConflictError).current).toMatchObject({ field: "severity", value: "Informational", version: 2 });
    expect(await caseRow(id)).toMatchObject({ severity: "Informational", version: 2 });
    expect(await auditOf(id)).toHaveLength(before);
  });

  it("lets only one of two concurrent saves of the same version win", async () => {
    const { id } = await newCase();
    const results = await Promise.allSettled([
      updateCase(analyst, { caseId: id, version: 1, title: "first" }),
      updateCase(other, { caseId: id, version: 1, title: "second" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(AppError);
    expect((lost.reason as AppError).code).toBe("conflict");
    const kase = await caseRow(id);
    expect(kase.version).toBe(2);
    expect((await auditOf(id)).filter((a) => a.action === "case.title")).toHaveLength(1);
  });

  it("refuses an owner who cannot work cases", async () => {
    const { id } = await newCase();
    const err = await rejection(updateCase(analyst, { caseId: id, version: 1, ownerId: viewer.id }));
    expect(err.code).toBe("bad_request");
    expect(err.message).toMatch(/^ownerId:/);
    expect(await caseRow(id)).toMatchObject({ ownerId: analyst.id, version: 1 });
  });

  it("rolls the change back when its audit entry cannot be written", async () => {
    const { id } = await newCase();
    // A trigger that refuses this one audit entry: the case row must not change without it.
    await getPrisma().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.after #>> '{}' = 'refuse-this-audit' THEN RAISE EXCEPTION 'audit refused by test'; END IF;
        RETURN NEW;
      END $$`);
    await getPrisma().$executeRawUnsafe(
      "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()",
    );
    try {
      await expect(updateCase(analyst, { caseId: id, version: 1, title: "refuse-this-audit" })).rejects.toThrow(
        /audit refused by test/,
      );
    } finally {
      await getPrisma().$executeRawUnsafe("DROP TRIGGER test_refuse_audit ON audit_entries");
      await getPrisma().$executeRawUnsafe("DROP FUNCTION test_refuse_audit()");
    }
    expect(await caseRow(id)).toMatchObject({ version: 1, title: expect.not.stringContaining("refuse") });
  });
});

describe("changeCaseStatus", () => {
  it("moves through the lifecycle, recording each status entered and its audit entry", async () => {
    const { id } = await newCase();
    let version = 1;
    for (const to of ["investigating", "contained"] as const) {
      ({ version } = await changeCaseStatus(analyst, { caseId: id, version, to }));
    }
    await changeCaseStatus(analyst, {
      caseId: id,
      version,
      to: "closed",
      classification: "true_positive",
      conclusion: "  Shell removed, attacker blocked.  ",
    });
    const kase = await caseRow(id);
    expect(kase).toMatchObject({
      status: "closed",
      classification: "true_positive",
      conclusion: "Shell removed, attacker blocked.",
      version: 4,
    });
    expect(kase.closedAt).toBeInstanceOf(Date);
    const changes = await getPrisma().caseStatusChange.findMany({ where: { caseId: id }, orderBy: { id: "asc" } });
    expect(changes.map((c) => [c.fromStatus, c.toStatus])).toEqual([
      [null, "new"],
      ["new", "investigating"],
      ["investigating", "contained"],
      ["contained", "closed"],
    ]);
    expect(changes.slice(1).every((c) => c.changedById === analyst.id)).toBe(true);
    const audit = (await auditOf(id)).filter((a) => a.action === "case.status");
    expect(audit.map((a) => (a.after as { status: string }).status)).toEqual(["investigating", "contained", "closed"]);
    expect(audit[2]!.after).toEqual({
      status: "closed",
      classification: "true_positive",
      conclusion: "Shell removed, attacker blocked.",
    });
  });

  it("refuses to close without a classification or a conclusion, changing and auditing nothing", async () => {
    const { id } = await newCase();
    const before = (await auditOf(id)).length;
    const noClass = await rejection(
      changeCaseStatus(analyst, { caseId: id, version: 1, to: "closed", conclusion: "x" }),
    );
    expect(noClass.code).toBe("bad_request");
    expect(noClass.message).toMatch(/^classification:/);
    const noConclusion = await rejection(
      changeCaseStatus(analyst, {
        caseId: id,
        version: 1,
        to: "closed",
        classification: "false_positive",
        conclusion: " ",
      }),
    );
    expect(noConclusion.message).toMatch(/^conclusion:/);
    expect(await caseRow(id)).toMatchObject({ status: "new", version: 1, closedAt: null });
    expect(await auditOf(id)).toHaveLength(before);
    expect(await getPrisma().caseStatusChange.count({ where: { caseId: id } })).toBe(1);
  });

  it("reopens a closed case to investigating, clearing the decision that the audit entry keeps", async () => {
    const { id } = await newCase();
    await changeCaseStatus(analyst, {
      caseId: id,
      version: 1,
      to: "closed",
      classification: "false_positive",
      conclusion: "Admin's script.",
    });
    await changeCaseStatus(other, { caseId: id, version: 2, to: "investigating" });
    expect(await caseRow(id)).toMatchObject({
      status: "investigating",
      classification: null,
      conclusion: null,
      closedAt: null,
    });
    const reopen = (await auditOf(id)).at(-1)!;
    expect(reopen).toMatchObject({ action: "case.status", actorId: other.id });
    expect(reopen.before).toEqual({
      status: "closed",
      classification: "false_positive",
      conclusion: "Admin's script.",
    });
    const err = await rejection(changeCaseStatus(analyst, { caseId: id, version: 3, to: "new" }));
    expect(err.message).toMatch(/investigating case cannot move to new/);
  });

  it("answers a stale version with the status it has now", async () => {
    const { id } = await newCase();
    await changeCaseStatus(other, { caseId: id, version: 1, to: "triage" });
    const err = await rejection(changeCaseStatus(analyst, { caseId: id, version: 1, to: "investigating" }));
    expect(err.message).toMatch(/^Someone else changed this case: status is now triage/);
    expect((await caseRow(id)).status).toBe("triage");
  });
});

describe("watchers and alerts", () => {
  it("watches once, unwatches, and audits each real change", async () => {
    const { id } = await newCase();
    await watchCase(other, { caseId: id });
    await watchCase(other, { caseId: id });
    expect(await getPrisma().caseWatcher.count({ where: { caseId: id } })).toBe(1);
    await unwatchCase(other, { caseId: id });
    await unwatchCase(other, { caseId: id });
    expect(await getPrisma().caseWatcher.count({ where: { caseId: id } })).toBe(0);
    expect((await auditOf(id)).filter((a) => a.action.includes("watch")).map((a) => a.action)).toEqual([
      "case.watch",
      "case.unwatch",
    ]);
  });

  it("moves an alert and its finding into a case by number, and refuses a closed case", async () => {
    const target = await newCase();
    const alert = await makeAlert({ finding: { hostName: "WEB88", shellLocation: "/x.aspx" } });
    const { added } = await addAlertsToCase(analyst, { caseNumber: target.number.toLowerCase(), alertIds: [alert.id] });
    expect(added).toBe(1);
    expect((await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } })).caseId).toBe(target.id);
    expect((await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } })).caseId).toBe(target.id);
    const entry = (await auditOf(target.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "alert.add_to_case", entityType: "alert", entityId: String(alert.id) });

    await changeCaseStatus(analyst, {
      caseId: target.id,
      version: 1,
      to: "closed",
      classification: "undetermined",
      conclusion: "Not enough logs.",
    });
    const late = await makeAlert();
    const err = await rejection(addAlertsToCase(analyst, { caseId: target.id, alertIds: [late.id] }));
    expect(err.message).toMatch(/is closed/);
  });
});
