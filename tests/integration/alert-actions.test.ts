// The alert queue's bulk actions: dismiss (with a reason) and re-run enrichment, each audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { dismissAlerts } from "../../lib/alerts/dismiss-alerts";
import { requestReEnrichment } from "../../lib/alerts/request-re-enrichment";
import { findAlerts } from "../../lib/alerts/find-alerts";
import { addAlertsToCase } from "../../lib/cases/add-alerts-to-case";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { closeDb, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { makeAlert, makeUser } from "../support/case-factories";

let analyst: Actor;
let viewer: Actor;

beforeAll(async () => {
  analyst = await makeUser("analyst");
  viewer = await makeUser("viewer");
});

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

const alertAudit = (alertId: number) =>
  getPrisma().auditEntry.findMany({
    where: { entityType: "alert", entityId: String(alertId) },
    orderBy: { id: "asc" },
  });

describe("dismissAlerts", () => {
  it("requires a reason and changes nothing without one", async () => {
    const alert = await makeAlert();
    await expect(dismissAlerts(analyst, { alertIds: [alert.id], reason: "   " })).rejects.toThrow(/^reason:/);
    expect((await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } })).dismissedAt).toBeNull();
    expect(await alertAudit(alert.id)).toHaveLength(0);
  });

  it("dismisses with who, when and why, audited once even when asked twice", async () => {
    const alert = await makeAlert();
    expect(await dismissAlerts(analyst, { alertIds: [alert.id], reason: "Vulnerability scanner" })).toEqual({
      dismissed: 1,
    });
    expect(await dismissAlerts(analyst, { alertIds: [alert.id], reason: "again" })).toEqual({ dismissed: 0 });
    const row = await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(row).toMatchObject({ dismissedById: analyst.id, dismissReason: "Vulnerability scanner" });
    const audit = await alertAudit(alert.id);
    expect(audit.map((a) => [a.action, a.after])).toEqual([
      ["alert.dismiss", { dismissed: true, reason: "Vulnerability scanner" }],
    ]);
    // The queue shows it as dismissed and the "open" view leaves it out.
    const dismissed = await findAlerts({ disposition: "dismissed", q: alert.systemAlertId });
    expect(dismissed.data.map((a) => a.id)).toEqual([alert.id]);
    expect((await findAlerts({ disposition: "open", q: alert.systemAlertId })).count).toBe(0);
  });

  it("refuses an alert that is in a case, and viewers", async () => {
    const alert = await makeAlert();
    await createCaseFromAlerts(analyst, { alertIds: [alert.id] });
    await expect(dismissAlerts(analyst, { alertIds: [alert.id], reason: "noise" })).rejects.toThrow(/is in CASE-/);
    const free = await makeAlert();
    await expect(dismissAlerts(viewer, { alertIds: [free.id], reason: "noise" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("un-dismisses an alert put into a case", async () => {
    const alert = await makeAlert();
    await dismissAlerts(analyst, { alertIds: [alert.id], reason: "looked benign" });
    const other = await makeAlert();
    const kase = await createCaseFromAlerts(analyst, { alertIds: [other.id] });
    await addAlertsToCase(analyst, { caseId: kase.id, alertIds: [alert.id] });
    expect(await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      caseId: kase.id,
      dismissedAt: null,
      dismissReason: null,
    });
    expect((await alertAudit(alert.id)).at(-1)!.before).toMatchObject({ caseId: null, dismissed: true });
  });
});

describe("requestReEnrichment", () => {
  it("bumps the generation, queues the alert and audits the request in one go", async () => {
    const alert = await makeAlert();
    const before = await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } });
    const result = await requestReEnrichment(analyst, { alertIds: [alert.id] });
    expect(result.requested).toBe(1);
    const after = await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(after.enrichGeneration).toBe(before.enrichGeneration + 1);
    expect(["queued", "pending"]).toContain(after.enrichmentState);
    const audit = await alertAudit(alert.id);
    expect(audit.map((a) => [a.action, a.actorId, a.after])).toEqual([
      ["alert.re_enrich", analyst.id, { generation: after.enrichGeneration }],
    ]);
  });

  it("refuses unknown alerts and viewers without touching anything", async () => {
    const alert = await makeAlert();
    await expect(requestReEnrichment(analyst, { alertIds: [alert.id, 2_000_000_000] })).rejects.toThrow(
      /no alert with id 2000000000/,
    );
    await expect(requestReEnrichment(viewer, { alertIds: [alert.id] })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } })).enrichGeneration).toBe(0);
    expect(await alertAudit(alert.id)).toHaveLength(0);
  });
});
