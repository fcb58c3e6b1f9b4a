// Audit without gaps for what the system changes: web logs arriving after a case is closed make
// re-enrichment change the finding of an alert in it, and that change is in the log as the
// system's, with the values before and after. A re-enrichment that changes nothing writes none.
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFile, writeFile } from "node:fs/promises";
import { closeDb, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { enrichAlert } from "../../lib/enrich/enrich-alert";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import type { FindingValues } from "../../lib/audit/events";
import { makeUser } from "../support/case-factories";
import { importSampleOnOwnHost } from "../support/sample-on-own-host";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const SHELL = "/aspnet_client/system_web/Setconfigure.aspx";
const LATE_IP = "203.0.113.77";

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

const findingAudit = (caseId: number) =>
  getPrisma().auditEntry.findMany({ where: { caseId, action: { startsWith: "finding." } }, orderBy: { id: "asc" } });

describe("re-enrichment of an alert in a closed case", () => {
  it("audits the changed finding once, as the system, before and after; an unchanged one not at all", async () => {
    const { alertId, host, dir } = await importSampleOnOwnHost();
    const alert = { id: alertId };
    expect(await enrichAlert(alert.id)).toBe("finding");
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } });
    const caseId = finding.caseId!;
    expect(finding.shellLocation).toBe(SHELL);

    const analyst = await makeUser("analyst");
    const kase = await getPrisma().case.findUniqueOrThrow({ where: { id: caseId } });
    await changeCaseStatus(analyst, {
      caseId,
      version: kase.version,
      to: "closed",
      classification: "true_positive",
      conclusion: "Shell removed.",
    });

    // Nothing new: the same finding, no entry.
    expect(await enrichAlert(alert.id)).toBe("finding");
    expect(await findingAudit(caseId)).toEqual([]);

    // Late logs: another client used the shell a minute before the alert's command.
    const sample = await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8");
    const header = sample.split("\n").filter((l) => l.startsWith("#"));
    const late = `2024-05-14 10:06:40 W3SVC1 ${host.toUpperCase()} 10.0.0.5 POST ${SHELL} - 443 - ${LATE_IP} HTTP/1.1 curl/8.4.0 - - www.contoso.com 200 0 0 700 390 50`;
    await writeFile(join(dir, "u_ex240514_late.log"), [...header, late, ""].join("\n"));
    await importWebLogs([join(dir, "u_ex240514_late.log")]);
    expect(await enrichAlert(alert.id)).toBe("finding");

    const entries = await findingAudit(caseId);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({
      action: "finding.change",
      actorId: null,
      actorLabel: "system",
      entityType: "finding",
      entityId: String(finding.id),
    });
    const before = entry.before as unknown as FindingValues;
    const after = entry.after as unknown as FindingValues;
    expect(before).toMatchObject({ alertId: alert.id, caseId, shellLocation: SHELL });
    expect(after).toMatchObject({ alertId: alert.id, caseId, shellLocation: SHELL });
    expect(before.attackers.map((a) => a.ip)).not.toContain(LATE_IP);
    expect(after.attackers).toContainEqual({ ip: LATE_IP, userAgent: "curl/8.4.0" });
    expect((await getPrisma().case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe("closed");

    // Enriched once more with the same logs: still the one entry.
    expect(await enrichAlert(alert.id)).toBe("finding");
    expect(await findingAudit(caseId)).toHaveLength(1);
  });
});
