// `sentinel-compat --source`: the two original hunting queries, their exact text, run in the
// (local) workspace through the real query client, their rows paired with Shellcase's own
// evaluation of the same range. The local workspace answers them with Shellcase's port (issue
// 10 allows it): what this shows is that the text is sent unchanged with the range as timespan,
// that the same data gives the same rows, and that each kind of difference is marked — a request
// Shellcase lacks (a group's EndTime differs), requests only the workspace holds (its baseline
// drops the command row: Shellcase only; new file groups: workspace only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { pullAlerts } from "../../lib/sentinel/pull-alerts";
import { syncHostRange } from "../../lib/sentinel/evidence/ensure-evidence";
import { compareWorkspaceCompat } from "../../lib/enrich/compare-workspace-compat";
import { HUNTING_COMMAND, HUNTING_FILE } from "../../scripts/fake-workspace/evaluate";
import { startFakeWorkspace, type FakeWorkspace, type Row } from "../../scripts/fake-workspace/fake-workspace";
import { generateScenario } from "../scenario/generate-scenario";
import { createFakeSource } from "../support/fake-source";

process.env.SOURCE_SECRET_KEY ??= randomBytes(32).toString("base64");

const HOST = `CMP${randomBytes(3).toString("hex").toUpperCase()}`;
const T = Date.UTC(2019, 5, 11, 10, 0, 5); // the command alert's TimeGenerated
const RANGE = { from: new Date(Date.UTC(2019, 5, 11)), to: new Date(Date.UTC(2019, 5, 12)) };
const SHELL = "/up/sh.aspx";
const ATTACKER = "203.0.113.9";
let fake: FakeWorkspace;
let sourceId: number;

// The alert rows of a generated scenario as a template: every column the pull reads.
const template = generateScenario({
  start: new Date("2021-03-01T00:00:00Z"),
  days: 1,
  requestsPerServerPerDay: 50,
  servers: 2,
  intrusions: 1,
  seed: 1,
}).alerts[0]!;

function alert(id: string, time: number, entities: unknown[]): Row {
  return {
    ...template,
    SystemAlertId: `${id}-${HOST}`,
    TimeGenerated: new Date(time),
    StartTime: new Date(time - 60_000),
    EndTime: new Date(time - 60_000),
    ProcessingEndTime: new Date(time),
    Entities: JSON.stringify(entities),
    _ingestedAt: new Date(time + 60_000),
  };
}

let item = 0;
function request(time: number, ip: string, stem = SHELL, ua = "curl/8.0"): Row {
  return {
    TimeGenerated: new Date(time),
    sComputerName: HOST,
    sSiteName: "W3SVC1",
    csMethod: "POST",
    csUriStem: stem,
    cIP: ip,
    csUserAgent: ua,
    scStatus: "200",
    _ItemId: `${HOST}-${item++}`,
  };
}

const commandAlert = alert("cmd", T, [
  { $id: "1", Type: "host", HostName: HOST, DnsDomain: "contoso.local" },
  { $id: "2", Type: "file", Name: "w3wp.exe" },
  { $id: "3", Type: "file", Name: "cmd.exe" },
  { $id: "4", Type: "process", CommandLine: "cmd.exe /c whoami", ImageFile: { $ref: "3" } },
]);
const fileAlert = alert("file", T + 3_600_000, [
  { $id: "1", Type: "host", HostName: HOST, DnsDomain: "contoso.local" },
  { $id: "2", Type: "file", Name: "sh.aspx", Directory: "C:\\inetpub\\wwwroot\\up" },
]);
// The shell used twice: 15 s into the alert's 30 s bin (the only request that carries its
// TimeKey, so the command query's only row) and 100 s after the alert.
const shellRequests = [
  request(T + 10_000, ATTACKER),
  request(T + 100_000, ATTACKER),
  request(T - 3_600_000, "10.0.0.8", "/index.aspx"),
];

beforeAll(async () => {
  fake = await startFakeWorkspace({ tables: { SecurityAlert: [commandAlert, fileAlert], W3CIISLog: shellRequests } });
  sourceId = (await createFakeSource(fake, "compat-test", { pullSince: RANGE.from })).id;
  // Shellcase holds what the workspace holds: the alerts pulled, the host's day fetched.
  expect((await pullAlerts(sourceId)).imported).toBe(2);
  expect((await syncHostRange(sourceId, HOST, RANGE.from, new Date(RANGE.to.getTime() - 1))).rows).toBe(3);
});

afterAll(async () => {
  await getPool().query("DELETE FROM web_requests WHERE host = $1", [HOST]);
  await getPool().query("DELETE FROM alerts WHERE source_id = $1", [sourceId]);
  await getPrisma().dataSource.delete({ where: { id: sourceId } });
  await fake?.close();
  await closeQueues();
  await closeDb();
});

describe("sentinel-compat against a workspace", () => {
  it("sends both hunting queries' exact text over the range, and the same data gives the same rows", async () => {
    const seen = fake.queries.length;
    const r = await compareWorkspaceCompat(sourceId, RANGE);
    const sent = fake.queries.slice(seen);
    // The local workspace names a hunting query only when the text is byte for byte the original.
    expect(sent.map((q) => q.template).sort()).toEqual([HUNTING_COMMAND, HUNTING_FILE].sort());
    expect(
      sent.every((q) => q.status === 200 && q.timespan === `${RANGE.from.toISOString()}/${RANGE.to.toISOString()}`),
    ).toBe(true);
    expect(r.commandAlertEnrichment.counts).toEqual({ same: 1, differs: 0, "workspace-only": 0, "shellcase-only": 0 });
    expect(r.commandAlertEnrichment.rows[0]!.workspace).toMatchObject({
      ShellLocation: SHELL,
      ParentProcess: "cmd.exe",
      CommandLine: "cmd.exe /c whoami",
      HostName: HOST,
      IPCustomEntity: ATTACKER,
      timestamp: new Date(T + 10_000).toISOString(),
      dcount_SourceIP: 1,
    });
    expect(r.fileAlertEnrichment.counts).toEqual({ same: 1, differs: 0, "workspace-only": 0, "shellcase-only": 0 });
    expect(r.fileAlertEnrichment.rows[0]!.workspace).toMatchObject({
      ShellLocation: SHELL,
      AttackerIP: ATTACKER,
      StartTime: new Date(T + 10_000).toISOString(),
      EndTime: new Date(T + 100_000).toISOString(),
    });
  });

  it("marks a row that differs, and rows found on one side only", async () => {
    // Shellcase loses the shell's second request; the workspace gains three more clients of it.
    await getPool().query("DELETE FROM web_requests WHERE host = $1 AND time = $2", [HOST, new Date(T + 100_000)]);
    fake.addRows(
      "W3CIISLog",
      ["198.51.100.1", "198.51.100.2", "198.51.100.3"].map((ip, i) => request(T + 7_200_000 + i * 1000, ip)),
    );
    const r = await compareWorkspaceCompat(sourceId, RANGE);
    // The page now has four clients in the workspace, over the baseline's three: the workspace
    // drops the command row that Shellcase, which never saw those requests, still returns.
    expect(r.commandAlertEnrichment.rows.map((x) => x.status)).toEqual(["shellcase-only"]);
    const file = r.fileAlertEnrichment;
    expect(file.counts).toEqual({ same: 0, differs: 1, "workspace-only": 3, "shellcase-only": 0 });
    const differs = file.rows.find((x) => x.status === "differs")!;
    expect(differs.differences).toEqual(["EndTime"]);
    expect(differs.workspace!.EndTime).toBe(new Date(T + 100_000).toISOString());
    expect(differs.shellcase!.EndTime).toBe(new Date(T + 10_000).toISOString());
  });
});
