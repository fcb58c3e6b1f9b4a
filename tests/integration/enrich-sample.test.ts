// Default-mode enrichment end to end on the shared sample: a file alert and a command alert on
// web01, and the IIS log of WEB01 that explains both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { mkdtemp, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import { getPrisma, closeDb } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { enrichAlert } from "../../lib/enrich/enrich-alert";
import { runEnrichment } from "../../lib/enrich/run-enrichment";
import { findFindings } from "../../lib/findings/find-findings";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
// The sample, moved to a host and alert ids of this file's own: other test files import the
// sample too (and W3CIISLog rows for WEB01), and the database is shared.
const HOST = `web${randomBytes(3).toString("hex")}`;
const IIS_HOST = HOST.toUpperCase();
const FILE_ALERT: string = randomUUID();
const COMMAND_ALERT: string = randomUUID();
const FIREFOX = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0";
const SHELL = "/aspnet_client/system_web/Setconfigure.aspx";

async function alertId(systemAlertId: string) {
  return (await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId }, select: { id: true } })).id;
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "shellcase-enrich-"));
  const log = (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8")).replaceAll(" WEB01 ", ` ${IIS_HOST} `);
  await writeFile(join(dir, "u_ex240514.log"), log);
  await importWebLogs([join(dir, "u_ex240514.log")]);
  const doc = JSON.parse(await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8"));
  const [file, command] = doc.rows;
  file.SystemAlertId = FILE_ALERT;
  command.SystemAlertId = COMMAND_ALERT;
  for (const row of doc.rows) row.Entities = row.Entities.replaceAll("web01", HOST); // HostName and FQDN
  await writeFile(join(dir, "alerts.json"), JSON.stringify(doc));
  await importAlerts([join(dir, "alerts.json")]);
});

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

describe("default-mode enrichment of the sample", () => {
  it("finds the shell of the file alert, who used it, and the upload that installed it", async () => {
    expect(await enrichAlert(await alertId(FILE_ALERT))).toBe("finding");
    const f = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: await alertId(FILE_ALERT) } });
    expect(f).toMatchObject({
      kind: "file",
      hostName: IIS_HOST,
      site: "W3SVC1",
      shellLocation: SHELL,
      shellName: "Setconfigure.aspx",
    });
    expect(f.firstShellAccess!.toISOString()).toBe("2024-05-14T10:02:13.000Z");
    expect(f.fileCreatedAt!.toISOString()).toBe("2024-05-14T10:02:05.441Z");
    expect(f.attackers).toEqual([{ ip: "198.51.100.23", userAgent: FIREFOX }]);
    expect(f.installedVia).toEqual({
      time: "2024-05-14T10:01:44.000Z",
      method: "POST",
      uri: "/api/upload.ashx",
      ip: "198.51.100.23",
      userAgent: FIREFOX,
    });
    expect(f.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it("finds the shell of the command alert from the process creation time, not the ingestion time", async () => {
    expect(await enrichAlert(await alertId(COMMAND_ALERT))).toBe("finding");
    const f = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: await alertId(COMMAND_ALERT) } });
    expect(f).toMatchObject({ kind: "command", hostName: IIS_HOST, site: "W3SVC1", shellLocation: SHELL });
    expect(f.commandLine).toMatch(/whoami \/all/);
    expect(f.processCreatedAt!.toISOString()).toBe("2024-05-14T10:07:31.882Z");
    expect(f.firstShellAccess!.toISOString()).toBe("2024-05-14T10:02:13.000Z");
    expect(f.attackers).toEqual([{ ip: "198.51.100.23", userAgent: FIREFOX }]);
    expect(f.reasons.join("\n")).toMatch(/process creation time/);
    expect(f.confidence).toBeGreaterThan(0.9);
  });

  it("puts both alerts of the intrusion in one case, and re-running changes nothing", async () => {
    const before = await getPrisma().finding.findMany({
      where: { alert: { systemAlertId: { in: [FILE_ALERT, COMMAND_ALERT] } } },
      orderBy: { id: "asc" },
    });
    expect(before).toHaveLength(2);
    expect(before[0]!.caseId).not.toBeNull();
    expect(before[0]!.caseId).toBe(before[1]!.caseId);
    const cases = await getPrisma().case.count({ where: { id: before[0]!.caseId! } });
    expect(cases).toBe(1);
    await enrichAlert(await alertId(FILE_ALERT));
    const after = await getPrisma().finding.findMany({
      where: { alert: { systemAlertId: { in: [FILE_ALERT, COMMAND_ALERT] } } },
      orderBy: { id: "asc" },
    });
    expect(after.map((f) => [f.id, f.caseId])).toEqual(before.map((f) => [f.id, f.caseId]));
    const kase = await getPrisma().case.findUniqueOrThrow({ where: { id: before[0]!.caseId! } });
    expect(kase.number).toMatch(/^CASE-\d{4}-\d{4}$/);
  });

  it("runs through the queue with `enrich --all --wait` and lists the findings in the documented shape", async () => {
    const summary = await runEnrichment({ all: true, wait: true });
    expect(summary.failed).toBe(0);
    expect(summary.findings).toBeGreaterThanOrEqual(2);
    const findings = (await findFindings()).filter((f) => [FILE_ALERT, COMMAND_ALERT].includes(f.alertId));
    expect(findings.map((f) => f.kind).sort()).toEqual(["command", "file"]);
    expect(Object.keys(findings[0]!).sort()).toEqual(
      [
        "alertId",
        "attackers",
        "caseId",
        "commandLine",
        "confidence",
        "fileCreatedAt",
        "firstShellAccess",
        "hostName",
        "installedVia",
        "kind",
        "processCreatedAt",
        "reasons",
        "shellLocation",
        "shellName",
        "site",
      ].sort(),
    );
    const alerts = await getPrisma().alert.findMany({ where: { systemAlertId: { in: [FILE_ALERT, COMMAND_ALERT] } } });
    expect(alerts.map((a) => a.enrichmentState)).toEqual(["done", "done"]);
  });
});
