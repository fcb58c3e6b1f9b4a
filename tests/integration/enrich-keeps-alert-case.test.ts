// An alert belongs to one case. Once it is in one — put there by its first enrichment or moved
// by an analyst — enriching it again (late logs, a newer alert row, "re-run enrichment") keeps
// its finding in that case instead of sending it back to the case of its host and shell.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { enrichAlert } from "../../lib/enrich/enrich-alert";
import { addAlertsToCase } from "../../lib/cases/add-alerts-to-case";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import { makeAlert, makeUser } from "../support/case-factories";
import { importSampleOnOwnHost } from "../support/sample-on-own-host";

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

/** The sample command alert and its IIS log, on a host of this test's own. */
async function enrichedSample(): Promise<{ alertId: number; caseId: number }> {
  const { alertId } = await importSampleOnOwnHost();
  const alert = { id: alertId };
  expect(await enrichAlert(alert.id)).toBe("finding");
  const finding = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } });
  expect(finding.caseId).not.toBeNull();
  return { alertId: alert.id, caseId: finding.caseId! };
}

const caseOf = async (alertId: number) => {
  const [alert, finding] = await Promise.all([
    getPrisma().alert.findUniqueOrThrow({ where: { id: alertId }, select: { caseId: true } }),
    getPrisma().finding.findUniqueOrThrow({ where: { alertId }, select: { caseId: true } }),
  ]);
  return { alert: alert.caseId, finding: finding.caseId };
};

describe("re-enriching an alert that is in a case", () => {
  it("keeps the finding in the case an analyst moved the alert to", async () => {
    const analyst = await makeUser("analyst");
    const { alertId, caseId: original } = await enrichedSample();
    const other = await createCaseFromAlerts(analyst, { alertIds: [(await makeAlert()).id] });
    await addAlertsToCase(analyst, { caseId: other.id, alertIds: [alertId] });
    expect(await caseOf(alertId)).toEqual({ alert: other.id, finding: other.id });

    expect(await enrichAlert(alertId)).toBe("finding");
    expect(await caseOf(alertId)).toEqual({ alert: other.id, finding: other.id });
    expect(await getPrisma().finding.count({ where: { caseId: original } })).toBe(0);
    // The attacker went with the finding: linked to the case that holds it, not the original.
    const linked = await getPrisma().caseAttacker.findMany({ where: { caseId: { in: [original, other.id] } } });
    expect(linked.map((l) => l.caseId)).toEqual(linked.map(() => other.id));
    expect(linked.length).toBeGreaterThan(0);
  });

  it("keeps it in its case after that case is closed, rather than opening a new one", async () => {
    const analyst = await makeUser("analyst");
    const { alertId, caseId } = await enrichedSample();
    const kase = await getPrisma().case.findUniqueOrThrow({ where: { id: caseId } });
    await changeCaseStatus(analyst, {
      caseId,
      version: kase.version,
      to: "closed",
      classification: "true_positive",
      conclusion: "Shell removed.",
    });
    const cases = await getPrisma().case.count();

    expect(await enrichAlert(alertId)).toBe("finding");
    expect(await caseOf(alertId)).toEqual({ alert: caseId, finding: caseId });
    expect(await getPrisma().case.count()).toBe(cases);
  });
});
