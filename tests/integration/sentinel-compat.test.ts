// evaluateSentinelCompat() over the database must return what the pure sentinel-compat functions
// return over the same rows: the loader may fetch only part of web_requests, never a different
// answer. Everything here is unique to the run (hosts, file names, $ids), so data that other
// tests left in the shared database neither joins with it nor shows up in the scoped results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { evaluateSentinelCompat, type SentinelCompatRange } from "../../lib/enrich/load-compat-input";
import {
  baselineDcountFromRequests,
  commandAlertEnrichment,
  fileAlertEnrichment,
  type CommandCompatRow,
  type CompatAlert,
  type CompatRequest,
  type FileCompatRow,
} from "../../lib/enrich/sentinel-compat";

afterAll(closeDb);

const r = randomBytes(4).toString("hex");
const HOST = `web-${r}`;
const OTHER = `other-${r}`;
const SHELL = `sh${r}.aspx`;
// A name with LIKE's escape character: an unescaped pattern would not find its requests.
const ODD = `q\\${r}.aspx`;
const TOOL = "Tool/1.0";
const ids = { c1: `c1-${r}`, f1: `f1-${r}`, f2: `f2-${r}` };
const id = (n: number) => `${r}-${n}`;

function alertRow(systemAlertId: string, provider: string, time: string, entities: unknown[]) {
  return {
    SystemAlertId: systemAlertId,
    ProviderName: provider,
    DisplayName: "test alert",
    TimeGenerated: time,
    Entities: JSON.stringify(entities),
  };
}

const host = (name: string) => ({ $id: id(1), Type: "host", HostName: name, DnsDomain: "contoso.local" });
const w3wp = { $id: id(2), Type: "file", Name: "w3wp.exe" };

// C1: the command alert (TimeKey 12:00:30). F1: a file alert that also names w3wp.exe, so it is a
// shell alert too, and whose shell file has the $id of C1's cmd.exe (TimeKey 11:59:00). F2: the
// same shell file on another server, in a lower-case provider name.
const ALERTS = [
  alertRow(ids.c1, "MDATP", "2024-06-01T12:00:40.0000000Z", [
    host(HOST),
    w3wp,
    { $id: id(3), Type: "process", CommandLine: "w3wp.exe -ap DefaultAppPool", ImageFile: { $ref: id(2) } },
    { $id: id(4), Type: "file", Name: "cmd.exe" },
    {
      $id: id(5),
      Type: "process",
      CommandLine: "cmd.exe /c whoami",
      CreationTimeUtc: "2024-06-01T12:00:33.1234567Z",
      ImageFile: { $ref: id(4) },
      ParentProcess: { $ref: id(3) },
    },
  ]),
  alertRow(ids.f1, "MDATP", "2024-06-01T11:59:00.0000000Z", [
    host(HOST),
    { $id: id(4), Type: "file", Name: SHELL, Directory: "C:\\inetpub\\wwwroot\\up" },
    w3wp,
    { $id: id(6), Type: "file", Name: ODD, Directory: "C:\\inetpub\\wwwroot\\d" },
  ]),
  alertRow(ids.f2, "mdatp", "2024-06-01T13:00:00.0000000Z", [
    host(OTHER),
    { $id: id(2), Type: "file", Name: SHELL, Directory: "C:\\inetpub\\wwwroot\\other" },
  ]),
];

const LOG = [
  "#Software: Microsoft Internet Information Services 10.0",
  `#Remark: sentinel-compat test ${r}`,
  "#Fields: date time s-sitename s-computername c-ip cs-method cs-uri-stem cs(User-Agent)",
  // keys 11:58:00..11:59:00 → F1's cross-paired row
  `2024-06-01 11:59:05 W3SVC1 ${HOST} 203.0.113.7 POST /up/${SHELL} ${TOOL}`,
  // TimeKey + 89 s of F1's key
  `2024-06-01 12:00:29 W3SVC1 ${HOST} 198.51.100.10 GET /z${r}.php Other/2.0`,
  // keys 11:59:30..12:00:30 → C1's row
  `2024-06-01 12:00:45 W3SVC1 ${HOST} 203.0.113.7 GET /up/${SHELL} ${TOOL}`,
  // the same server in upper case: never joins the command query, but the file query has no host
  `2024-06-01 12:00:50 W3SVC1 ${HOST.toUpperCase()} 203.0.113.7 GET /up/${SHELL} ${TOOL}`,
  // TimeKey + 89 s of C1's key, and + 90 s (excluded)
  `2024-06-01 12:01:59 W3SVC1 ${HOST} 198.51.100.9 GET /x${r}.php Other/2.0`,
  `2024-06-01 12:02:00 W3SVC1 ${HOST} 198.51.100.9 GET /y${r}.php Other/2.0`,
  // a page that 4 IPs requested (3 of them on another server): dropped by the baseline
  `2024-06-01 12:00:40 W3SVC1 ${HOST} 203.0.113.8 GET /w${r}.aspx ${TOOL}`,
  `2024-06-02 09:00:00 W3SVC2 ${OTHER} 192.0.2.1 GET /w${r}.aspx Browser/1.0`,
  `2024-06-02 09:00:01 W3SVC2 ${OTHER} 192.0.2.2 GET /w${r}.aspx Browser/1.0`,
  `2024-06-02 09:00:02 W3SVC2 ${OTHER} 192.0.2.3 GET /w${r}.aspx Browser/1.0`,
  // the file query: other folder and server; case variant (no match); escaped name; empty IP/UA
  `2024-06-03 08:00:00 W3SVC2 ${OTHER} 192.0.2.50 GET /other/${SHELL} Browser/1.0`,
  `2024-06-03 08:00:01 W3SVC2 ${OTHER} 192.0.2.50 GET /other/${SHELL.toUpperCase()} Browser/1.0`,
  `2024-06-01 12:30:00 W3SVC1 ${HOST} 203.0.113.7 GET /d/${ODD} ${TOOL}`,
  `2024-06-01 12:31:00 W3SVC1 ${HOST} - GET /up/${SHELL} -`,
].join("\n");

let batchIds: number[] = [];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "shellcase-compat-"));
  const logPath = join(dir, `u_ex${r}.log`);
  const alertPath = join(dir, `alerts-${r}.json`);
  await writeFile(logPath, LOG + "\n");
  await writeFile(alertPath, JSON.stringify(ALERTS));
  const web = await importWebLogs([logPath]);
  expect(web).toMatchObject({ imported: 14, rejected: 0, errors: [] });
  const alerts = await importAlerts([alertPath]);
  expect(alerts).toMatchObject({ imported: 3, rejected: 0, errors: [] });
  batchIds = (await getPrisma().importBatch.findMany({ where: { fileName: logPath }, select: { id: true } })).map(
    (b) => b.id,
  );
});

/** This run's rows read back as stored, mapped as a W3CIISLog / SecurityAlert row would be. */
async function storedInput(): Promise<{ alerts: CompatAlert[]; requests: CompatRequest[] }> {
  const alerts = await getPrisma().alert.findMany({
    where: { systemAlertId: { in: Object.values(ids) } },
    select: { systemAlertId: true, providerName: true, timeGenerated: true, entities: true },
  });
  const { rows } = await getPool().query<{
    time: Date;
    site: string | null;
    host: string | null;
    client_ip: string | null;
    user_agent: string | null;
    uri_stem: string | null;
  }>(
    `SELECT time, site, host, host(client_ip) AS client_ip, user_agent, uri_stem
       FROM web_requests WHERE batch_id = ANY($1::int[])`,
    [batchIds],
  );
  return {
    alerts: alerts.map((a) => ({ ...a, entities: a.entities as unknown[] })),
    requests: rows.map((x) => ({
      time: x.time,
      site: x.site,
      host: x.host,
      clientIp: x.client_ip,
      userAgent: x.user_agent,
      uriStem: x.uri_stem,
    })),
  };
}

/** The pure functions over this run's rows, with a range applied to every table. */
async function pure({ from, to }: SentinelCompatRange = {}) {
  const inRange = (t: Date) => (!from || t >= from) && (!to || t < to);
  const { alerts, requests } = await storedInput();
  const a = alerts.filter((x) => inRange(x.timeGenerated));
  const q = requests.filter((x) => inRange(x.time));
  return {
    commandAlertEnrichment: commandAlertEnrichment(a, q, baselineDcountFromRequests(q)),
    fileAlertEnrichment: fileAlertEnrichment(a, q),
  };
}

/** evaluateSentinelCompat's rows that belong to this run. */
async function fromDatabase(range: SentinelCompatRange = {}) {
  const result = await evaluateSentinelCompat(range);
  return {
    commandAlertEnrichment: result.commandAlertEnrichment.filter((x: CommandCompatRow) => x.HostName.includes(r)),
    fileAlertEnrichment: result.fileAlertEnrichment.filter((x: FileCompatRow) => x.ShellLocation.includes(r)),
  };
}

describe("evaluateSentinelCompat", () => {
  it("returns the pure functions' rows over the whole database", async () => {
    const db = await fromDatabase();
    expect(db).toEqual(await pure());

    const command = db.commandAlertEnrichment.map((x) => [
      x.timestamp,
      x.ShellLocation,
      x.ParentProcess,
      x.CommandLine,
      x.IPCustomEntity,
      x.dcount_SourceIP,
    ]);
    expect(command).toEqual([
      // F1's shell file paired with C1's cmd.exe process (same $id), at F1's time key
      ["2024-06-01T11:59:05.000Z", `/up/${SHELL}`, SHELL, "cmd.exe /c whoami", "203.0.113.7", 2],
      ["2024-06-01T12:00:29.000Z", `/z${r}.php`, SHELL, "cmd.exe /c whoami", "198.51.100.10", 1],
      ["2024-06-01T12:00:45.000Z", `/up/${SHELL}`, "cmd.exe", "cmd.exe /c whoami", "203.0.113.7", 2],
      ["2024-06-01T12:01:59.000Z", `/x${r}.php`, "cmd.exe", "cmd.exe /c whoami", "198.51.100.9", 1],
    ]);
    expect(new Set(db.commandAlertEnrichment.map((x) => x.HostName))).toEqual(new Set([HOST]));

    expect(
      db.fileAlertEnrichment.map((x) => [x.ShellLocation, x.AttackerIP, x.AttackerUserAgent, x.StartTime, x.EndTime]),
    ).toEqual([
      [`/up/${SHELL}`, "203.0.113.7", TOOL, "2024-06-01T11:59:05.000Z", "2024-06-01T12:00:50.000Z"],
      [`/d/${ODD}`, "203.0.113.7", TOOL, "2024-06-01T12:30:00.000Z", "2024-06-01T12:30:00.000Z"],
      [`/up/${SHELL}`, "", "", "2024-06-01T12:31:00.000Z", "2024-06-01T12:31:00.000Z"],
      [`/other/${SHELL}`, "192.0.2.50", "Browser/1.0", "2024-06-03T08:00:00.000Z", "2024-06-03T08:00:00.000Z"],
    ]);
  });

  it("applies a range to alerts and requests alike", async () => {
    // F1 (11:59:00) is out: its cross-paired rows and its file names go; C1 stays. The range
    // ends before C1's TimeKey + 89 s request. The baseline counts only requests inside the
    // range, so the page that 4 IPs requested (3 of them the next day) now passes it.
    const range = { from: new Date("2024-06-01T12:00:00Z"), to: new Date("2024-06-01T12:01:30Z") };
    const db = await fromDatabase(range);
    expect(db).toEqual(await pure(range));
    expect(
      db.commandAlertEnrichment.map((x) => [x.timestamp, x.ShellLocation, x.ParentProcess, x.dcount_SourceIP]),
    ).toEqual([
      ["2024-06-01T12:00:40.000Z", `/w${r}.aspx`, "cmd.exe", 1],
      ["2024-06-01T12:00:45.000Z", `/up/${SHELL}`, "cmd.exe", 1],
    ]);
    expect(db.fileAlertEnrichment).toEqual([]);
  });

  it("lets a range start inside a group, moving the file query's StartTime", async () => {
    const range = { from: new Date("2024-06-01T12:00:00Z") };
    const db = await fromDatabase(range);
    expect(db).toEqual(await pure(range));
    // Only F2 (13:00) names the shell now; its groups start at the first request in range.
    expect(db.fileAlertEnrichment.map((x) => [x.ShellLocation, x.AttackerIP, x.StartTime])).toEqual([
      [`/up/${SHELL}`, "203.0.113.7", "2024-06-01T12:00:45.000Z"],
      [`/up/${SHELL}`, "", "2024-06-01T12:31:00.000Z"],
      [`/other/${SHELL}`, "192.0.2.50", "2024-06-03T08:00:00.000Z"],
    ]);
  });
});
