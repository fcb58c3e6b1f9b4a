// The local Log Analytics workspace (scripts/fake-workspace) through the real client: connect()
// with a real ClientSecretCredential signing in at the fake's Entra ID, runQuery() with the real
// LogsQueryClient. What the client makes of each answer (errors, retries, partial results) and
// what every template returns over a small hand-made table, as its doc comment in
// lib/sentinel/kql/templates.ts says; and a scenario's W3CIISLog rows mapping back to exactly the
// records a file import of its logs stores.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { request } from "node:https";
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { connect } from "../../lib/sentinel/connect";
import {
  MAX_CONCURRENT,
  runQuery,
  type QueryRows,
  type Timespan,
  type WorkspaceHandle,
} from "../../lib/sentinel/run-query";
import { sealSecret } from "../../lib/sentinel/secret-box";
import { WorkspaceError } from "../../lib/sentinel/workspace-error";
import * as T from "../../lib/sentinel/kql/templates";
import type { KqlQuery } from "../../lib/sentinel/kql/template";
import { toFetchedRequest } from "../../lib/sentinel/evidence/fetched-request";
import { parseW3c } from "../../lib/ingest/parse-w3c";
import { generateScenario } from "../scenario/generate-scenario";
import {
  startFakeWorkspace,
  tablesFromScenario,
  type FakeConnection,
  type FakeWorkspace,
  type Row,
} from "../../scripts/fake-workspace/fake-workspace";

process.env.SOURCE_SECRET_KEY ??= randomBytes(32).toString("base64");

const FORBIDDEN = "5ee1c0de-0000-4000-8000-0000000000ff";
const DAY = 86_400_000;
const t = (s: string) => new Date(`2024-05-14T${s}Z`);
const ALL_TIME: Timespan = { startTime: new Date("2024-01-01T00:00:00Z"), endTime: new Date("2025-01-01T00:00:00Z") };

let nextId = 1;
function handle(c: FakeConnection, over: { clientId?: string; secret?: string; workspaceId?: string } = {}) {
  const name = `fake-${nextId}`;
  return connect({
    id: 9000 + nextId++,
    name,
    workspaceId: over.workspaceId ?? c.workspaceId,
    tenantId: c.tenantId,
    authKind: "client_secret",
    clientId: over.clientId ?? c.clientId,
    secretCipher: sealSecret(over.secret ?? c.clientSecret, name),
    queryEndpoint: c.queryEndpoint,
    authorityHost: c.authorityHost,
    caCertPem: c.caPem,
  });
}

async function failure(p: Promise<unknown>): Promise<WorkspaceError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkspaceError);
    return err as WorkspaceError;
  }
  throw new Error("expected the query to fail");
}

// ---------------------------------------------------------------------------------------------
// A small hand-made workspace.

let seq = 0;
function req(time: string, over: Partial<Record<string, unknown>> = {}): Row {
  const at = t(time);
  return {
    TimeGenerated: at,
    sComputerName: "WEB01",
    sSiteName: "W3SVC1",
    sIP: "10.0.0.5",
    csMethod: "GET",
    csUriStem: "/index.aspx",
    csUriQuery: "-",
    sPort: 443,
    csUserName: "-",
    cIP: "198.51.100.1",
    csVersion: "HTTP/1.1",
    csUserAgent: "Mozilla/5.0",
    csCookie: "-",
    csReferer: "-",
    csHost: "www.example.com",
    scStatus: "200",
    scSubStatus: "0",
    scWin32Status: "0",
    scBytes: 1234,
    csBytes: 321,
    TimeTaken: 15,
    _ItemId: `item-${++seq}`,
    _ingestedAt: new Date(at.getTime() + 60_000),
    ...over,
  };
}

function alert(id: string, ingested: string, over: Partial<Record<string, unknown>> = {}): Row {
  return {
    TimeGenerated: t("09:00:00"),
    StartTime: t("08:59:00"),
    ProviderName: "MDATP",
    SystemAlertId: id,
    DisplayName: `alert ${id}`,
    Entities: JSON.stringify([{ $id: "2", Type: "host", HostName: "web01" }]),
    ExtendedProperties: "{}",
    IsIncident: false,
    _ItemId: `alert-${id}`,
    _ingestedAt: t(ingested),
    ...over,
  };
}

const W3C: Row[] = [
  // A page's history: /up.aspx by three clients, two rows tied at 10:00:02.
  req("10:00:01", { csUriStem: "/up.aspx", cIP: "203.0.113.1" }),
  req("10:00:02", { csUriStem: "/up.aspx", cIP: "203.0.113.1" }),
  req("10:00:02", { csUriStem: "/up.aspx", cIP: "203.0.113.2" }),
  req("10:00:03", { csUriStem: "/up.aspx", cIP: "203.0.113.1" }),
  req("10:00:04", { csUriStem: "/up.aspx", cIP: "203.0.113.3" }),
  req("10:00:05", { csUriStem: "/up.aspx", cIP: "203.0.113.1" }),
  // Same stem on another site and another host: never part of WEB01/W3SVC1's page.
  req("10:00:01", { csUriStem: "/up.aspx", sSiteName: "W3SVC2" }),
  req("10:00:01", { csUriStem: "/up.aspx", sComputerName: "WEB02" }),
  // An attacker: recon, an upload (POSTs tied at 10:05:00), the shell by name in two cases.
  req("10:04:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/login.aspx" }),
  req("10:04:30", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/login.aspx", csMethod: "POST" }),
  req("10:05:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/upload.aspx", csMethod: "POST" }),
  req("10:05:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/upload2.aspx", csMethod: "POST" }),
  req("10:05:30", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/Shell/Cmd.ASPX", csMethod: "POST" }),
  req("10:06:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/shell/cmd.aspx" }),
  req("10:06:00", { cIP: "192.0.2.67", csUserAgent: "curl/8", csUriStem: "/shell/cmd.aspx" }),
  req("10:07:00", { cIP: "192.0.2.66", csUserAgent: "other", csUriStem: "/notes.txt" }),
  req("10:07:01", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/a.aspxx" }),
  req("10:07:02", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/b.jsp" }),
  req("10:07:03", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/c.aspx/extra" }),
  req("10:07:04", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/d.asax" }),
  // The attacker on another host (and its FQDN-named twin) and before the window.
  req("10:08:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", sComputerName: "WEB02", csUriStem: "/x.php" }),
  req("10:08:00", { sComputerName: "web01.contoso.com", sSiteName: "W3SVC1" }),
  req("10:08:00", { sComputerName: "WEB010" }),
  req("09:00:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", csUriStem: "/early.aspx" }),
  // Not yet ingested: invisible to every query.
  req("10:09:00", { cIP: "192.0.2.66", csUserAgent: "curl/8", _ingestedAt: new Date(Date.now() + DAY) }),
];

const INCIDENTS: Row[] = [
  {
    TimeGenerated: t("11:00:00"),
    IncidentName: "inc-1",
    IncidentNumber: 7,
    Title: "Web shell",
    Status: "New",
    Severity: "High",
    Classification: "",
    IncidentUrl: "https://portal/inc-1",
    AlertIds: JSON.stringify(["a1"]),
    LastModifiedTime: t("11:00:00"),
  },
  {
    TimeGenerated: t("11:30:00"),
    IncidentName: "inc-1",
    IncidentNumber: 7,
    Title: "Web shell",
    Status: "Active",
    Severity: "High",
    Classification: "",
    IncidentUrl: "https://portal/inc-1",
    AlertIds: JSON.stringify(["a1", "a2"]),
    LastModifiedTime: t("11:30:00"),
  },
  {
    TimeGenerated: t("11:00:00"),
    IncidentName: "inc-2",
    IncidentNumber: 8,
    Title: "Other",
    Status: "Closed",
    Severity: "Low",
    Classification: "FalsePositive",
    IncidentUrl: "https://portal/inc-2",
    AlertIds: JSON.stringify(["a3x"]),
    LastModifiedTime: t("11:00:00"),
  },
];

let fake: FakeWorkspace;
let ws: WorkspaceHandle;

beforeAll(async () => {
  fake = await startFakeWorkspace({
    tables: {
      W3CIISLog: W3C,
      SecurityAlert: [
        alert("a2", "09:10:00"),
        alert("a1", "09:10:00", { Extra: { k: 1 } }),
        alert("a0", "09:05:00"),
        alert("a3", "09:20:00", { ProviderName: "mdatp" }),
        alert("a4", "09:20:00", { ProviderName: "ASI Scheduled Alerts" }),
        alert("a5", "09:30:00"),
      ],
      SecurityIncident: INCIDENTS,
    },
    forbiddenClientIds: [FORBIDDEN],
    maxRows: 1000,
  });
  ws = handle(fake.connection());
});

afterAll(async () => {
  await fake?.close();
});

const run = (q: KqlQuery, span: Timespan = ALL_TIME): Promise<QueryRows> => runQuery(ws, q, span);
const times = (res: QueryRows) => res.rows.map((r) => (r.TimeGenerated as Date).toISOString().slice(11, 19));
const stems = (res: QueryRows) => res.rows.map((r) => r.csUriStem);

describe("signing in and the service's answers", () => {
  it("answers ping with the tables that have rows", async () => {
    const res = await run(T.ping.build({}));
    expect(res.rows).toEqual([
      { Table: "SecurityAlert", Rows: 1 },
      { Table: "W3CIISLog", Rows: 1 },
    ]);
    expect(res.partial).toBeNull();
    expect(fake.queries.at(-1)).toMatchObject({ template: "ping", status: 200, rows: 2 });
  });

  it("refuses a wrong client secret at sign-in: auth", async () => {
    const bad = handle(fake.connection(), { secret: "not-the-secret" });
    const e = await failure(runQuery(bad, T.ping.build({}), ALL_TIME));
    expect(e.kind).toBe("auth");
    expect(e.message).toMatch(/AADSTS7000215|invalid_client/);
  });

  it("refuses a signed-in client without access: permission", async () => {
    const before = fake.queries.length;
    const e = await failure(runQuery(handle(fake.connection(), { clientId: FORBIDDEN }), T.ping.build({}), ALL_TIME));
    expect(e.kind).toBe("permission");
    expect(fake.queries.slice(before)).toMatchObject([{ status: 403, clientId: FORBIDDEN }]);
  });

  it("does not know another workspace: not_found", async () => {
    const other = handle(fake.connection(), { workspaceId: "00000000-1111-2222-3333-444444444444" });
    expect((await failure(runQuery(other, T.ping.build({}), ALL_TIME))).kind).toBe("not_found");
  });

  it("throttles with Retry-After, which runQuery honours before asking again", async () => {
    const before = fake.queries.length;
    fake.failNext({ kind: "throttle", retryAfterSeconds: 1 }, { template: "ping" });
    const res = await run(T.ping.build({}));
    expect(res.rows).toHaveLength(2);
    expect(fake.queries.slice(before)).toMatchObject([
      { template: "ping", status: 429, fault: "throttle" },
      { template: "ping", status: 200, fault: null },
    ]);
  });

  it("gives up on a lasting 503 as throttled", async () => {
    fake.failNext({ kind: "throttle", status: 503, retryAfterSeconds: 0 }, { times: 6 });
    expect((await failure(run(T.ping.build({})))).kind).toBe("throttled");
  });

  it("answers 204 and an empty 200 as empty_response, 504 as timeout", async () => {
    fake.failNext({ kind: "no-content" });
    expect((await failure(run(T.ping.build({})))).kind).toBe("empty_response");
    fake.failNext({ kind: "empty" });
    expect((await failure(run(T.ping.build({})))).kind).toBe("empty_response");
    fake.failNext({ kind: "timeout" });
    expect((await failure(run(T.ping.build({})))).kind).toBe("timeout");
  });

  it("answers a slow query late, or 504 once it outlasts the wait the client asked for", async () => {
    const before = fake.queries.length;
    fake.failNext({ kind: "slow", ms: 50 });
    expect((await run(T.ping.build({}))).rows).toHaveLength(2);
    fake.failNext({ kind: "slow", ms: 5000 });
    const impatient = { ...handle(fake.connection()), serverTimeoutSeconds: 1 };
    expect((await failure(runQuery(impatient, T.ping.build({}), ALL_TIME))).kind).toBe("timeout");
    expect(fake.queries.slice(before).map((q) => [q.fault, q.status])).toEqual([
      ["slow", 200],
      ["slow", 504],
    ]);
  });

  it("sees at most MAX_CONCURRENT queries of one source in flight at once", async () => {
    const before = fake.queries.length;
    fake.failNext({ kind: "slow", ms: 150 }, { template: "ping", times: 8 });
    const all = await Promise.all(Array.from({ length: 8 }, () => run(T.ping.build({}))));
    expect(all.every((r) => r.rows.length === 2)).toBe(true);
    const seen = fake.queries.slice(before).map((q) => q.concurrent);
    expect(seen).toHaveLength(8);
    expect(Math.max(...seen)).toBe(MAX_CONCURRENT);
  });

  it("only fails the template a fault is queued for", async () => {
    fake.failNext({ kind: "error", status: 400 }, { template: "first-access" });
    expect((await run(T.ping.build({}))).rows).toHaveLength(2);
    const q = T.firstAccess.build({
      host: "WEB01",
      site: "W3SVC1",
      ip: "192.0.2.66",
      userAgent: "",
      fromTime: t("00:00:00"),
      toTime: t("23:59:59"),
    });
    expect((await failure(run(q))).kind).toBe("bad_query");
    expect((await run(q)).rows).toHaveLength(1);
  });

  it("returns the rows of a PartialError with partial set", async () => {
    fake.failNext({ kind: "partial", keepRows: 2 }, { template: "requests-in-window" });
    const res = await run(
      T.requestsInWindow.build({ hosts: ["WEB01"], fromTime: t("10:00:00"), toTime: t("10:00:05"), maxRows: 100 }),
    );
    expect(res.rows).toHaveLength(2);
    expect(res.partial).toMatchObject({ code: "PartialError" });
    expect(fake.queries.at(-1)).toMatchObject({ partial: true, rows: 2 });
  });

  it("cuts a result over the row limit with the service's PartialError, whose reason the client never sees", async () => {
    const big = await startFakeWorkspace({ tables: { W3CIISLog: W3C }, maxRows: 5 });
    try {
      const q = T.requestsInWindow.build({
        hosts: ["WEB01"],
        fromTime: t("00:00:00"),
        toTime: t("23:00:00"),
        maxRows: 100,
      });
      const res = await runQuery(handle(big.connection()), q, ALL_TIME);
      expect(res.rows).toHaveLength(5);
      // The service says E_QUERY_RESULT_SET_TOO_LARGE in details[].innererror only, which the
      // 1.0.0 client drops: ensure-evidence can tell only by the rows that came back.
      expect(res.partial).toEqual({
        code: "PartialError",
        message: "There were some errors when processing your query.",
      });
      expect(big.queries.at(-1)).toMatchObject({ status: 200, rows: 5, partial: true });
    } finally {
      await big.close();
    }
  });

  it("cuts a result over the size limit the same way", async () => {
    const big = await startFakeWorkspace({ tables: { W3CIISLog: W3C }, maxBytes: 1000 });
    try {
      const q = T.requestsInWindow.build({
        hosts: ["WEB01"],
        fromTime: t("00:00:00"),
        toTime: t("23:00:00"),
        maxRows: 100,
      });
      const res = await runQuery(handle(big.connection()), q, ALL_TIME);
      expect(res.rows.length).toBeGreaterThan(0);
      expect(res.rows.length).toBeLessThan(10);
      expect(res.partial).toMatchObject({ code: "PartialError" });
    } finally {
      await big.close();
    }
  });

  it("refuses text that is not a template, or a template's text changed: bad_query", async () => {
    const before = fake.queries.length;
    expect((await failure(run({ template: "x", params: {}, text: "W3CIISLog | take 10" }))).kind).toBe("bad_query");
    const q = T.ping.build({});
    expect((await failure(run({ ...q, text: q.text.replace("take 1", "take 2") }))).kind).toBe("bad_query");
    const wrongType = T.firstAccess.build({
      host: "WEB01",
      site: "W3SVC1",
      ip: "x",
      userAgent: "",
      fromTime: t("00:00:00"),
      toTime: t("23:59:59"),
    });
    const asNumber = wrongType.text.replace('let ip = "x";', "let ip = long(5);");
    expect((await failure(run({ ...wrongType, text: asNumber }))).kind).toBe("bad_query");
    expect(fake.queries.slice(before).map((q) => [q.template, q.status])).toEqual([
      [null, 400],
      [null, 400],
      [null, 400],
    ]);
  });
});

/** One HTTPS request to the fake, trusting its certificate: status and parsed JSON body. */
function raw(
  f: FakeWorkspace,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  return new Promise((resolve, reject) => {
    const req = request(`${f.url}${path}`, { method: "POST", ca: f.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : null });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the wire", () => {
  it("speaks the service's JSON: 7-digit datetimes, string columns, the too-large PartialError's details", async () => {
    const big = await startFakeWorkspace({ tables: { W3CIISLog: W3C }, maxRows: 2 });
    try {
      const c = big.connection();
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: c.clientId,
        client_secret: c.clientSecret,
        scope: "https://api.loganalytics.io/.default",
      });
      const tok = await raw(big, `/${c.tenantId}/oauth2/v2.0/token`, form.toString(), {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(tok.body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
      const q = T.requestsInWindow.build({
        hosts: ["WEB01"],
        fromTime: t("10:00:00"),
        toTime: t("10:00:05"),
        maxRows: 100,
      });
      const body = JSON.stringify({ query: q.text, timespan: "2024-05-14T00:00:00.000Z/2024-05-15T00:00:00.000Z" });
      const path = `/v1/workspaces/${c.workspaceId}/query`;
      expect((await raw(big, path, body, { "content-type": "application/json" })).status).toBe(401);
      const res = await raw(big, path, body, {
        "content-type": "application/json",
        authorization: `Bearer ${String(tok.body!.access_token)}`,
      });
      expect(res.status).toBe(200);
      const table = (res.body!.tables as { columns: { name: string }[]; rows: unknown[][] }[])[0]!;
      expect(table.rows).toHaveLength(2);
      expect(table.rows[0]![0]).toBe("2024-05-14T10:00:01.0000000Z");
      expect(table.rows[0]![table.columns.findIndex((col) => col.name === "scStatus")]).toBe("200");
      expect(res.body!.error).toMatchObject({
        code: "PartialError",
        details: [
          {
            code: "EngineError",
            innererror: { message: expect.stringMatching(/record count limit 2 \(E_QUERY_RESULT_SET_TOO_LARGE/) },
          },
        ],
      });
    } finally {
      await big.close();
    }
  });
});

describe("each template, as its doc comment says", () => {
  it("alerts-since: MDATP rows ingested in (from, to], oldest ingestion first then SystemAlertId, at most maxRows", async () => {
    const res = await run(
      T.alertsSince.build({ fromIngestion: t("09:05:00"), toIngestion: t("09:20:00"), maxRows: 100 }),
    );
    expect(res.rows.map((r) => r.SystemAlertId)).toEqual(["a1", "a2", "a3"]);
    expect(res.rows[0]!.IngestedAt).toEqual(t("09:10:00"));
    expect(res.rows[0]!.TimeGenerated).toEqual(t("09:00:00"));
    expect(res.rows[0]!.IsIncident).toBe(false);
    // A column the schema does not name still comes back, typed by its values.
    expect(res.rows[0]!.Extra).toEqual({ k: 1 });
    expect(res.rows[1]!.Extra).toBeNull();
    // Entities is a string column in SecurityAlert, as in Sentinel.
    expect(typeof res.rows[0]!.Entities).toBe("string");
    expect(res.columns.find((c) => c.name === "IngestedAt")?.type).toBe("datetime");
    expect(res.columns.some((c) => c.name === "_ingestedAt" || c.name === "_ItemId")).toBe(false);
    const capped = await run(
      T.alertsSince.build({ fromIngestion: t("00:00:00"), toIngestion: t("23:00:00"), maxRows: 2 }),
    );
    expect(capped.rows.map((r) => r.SystemAlertId)).toEqual(["a0", "a1"]);
  });

  it("alerts-since: the query's timespan filters TimeGenerated; late-ingested rows appear once added", async () => {
    const q = T.alertsSince.build({
      fromIngestion: t("09:20:00"),
      toIngestion: new Date(Date.now() + DAY),
      maxRows: 9,
    });
    expect((await run(q, { startTime: t("09:30:00"), endTime: t("23:00:00") })).rows).toEqual([]);
    fake.addRows("SecurityAlert", [alert("late", "12:00:00", { TimeGenerated: t("08:00:00") })]);
    expect((await run(q)).rows.map((r) => r.SystemAlertId)).toEqual(["a5", "late"]);
    fake.addRows("SecurityAlert", [alert("future", "12:00:00", { _ingestedAt: new Date(Date.now() + DAY) })]);
    expect((await run(q)).rows.map((r) => r.SystemAlertId)).toEqual(["a5", "late"]);
  });

  it("hosts-matching: names whose lower case, or its part before the first dot, is a key; by host and site", async () => {
    const res = await run(T.hostsMatching.build({ keys: ["web01"], fromTime: t("00:00:00"), toTime: t("23:00:00") }));
    const rows: Record<string, unknown>[] = res.rows.map((r) => ({
      ...r,
      FirstTime: (r.FirstTime as Date).toISOString().slice(11, 19),
      LastTime: (r.LastTime as Date).toISOString().slice(11, 19),
    }));
    expect(
      rows.sort(
        (a, b) =>
          String(a.sComputerName).localeCompare(String(b.sComputerName)) ||
          String(a.sSiteName).localeCompare(String(b.sSiteName)),
      ),
    ).toEqual([
      { sComputerName: "WEB01", sSiteName: "W3SVC1", Requests: 19, FirstTime: "09:00:00", LastTime: "10:07:04" },
      { sComputerName: "WEB01", sSiteName: "W3SVC2", Requests: 1, FirstTime: "10:00:01", LastTime: "10:00:01" },
      {
        sComputerName: "web01.contoso.com",
        sSiteName: "W3SVC1",
        Requests: 1,
        FirstTime: "10:08:00",
        LastTime: "10:08:00",
      },
    ]);
    expect(res.columns.map((c) => c.name)).toEqual(["sComputerName", "sSiteName", "Requests", "FirstTime", "LastTime"]);
    const narrow = await run(
      T.hostsMatching.build({ keys: ["web01"], fromTime: t("10:08:00"), toTime: t("10:08:00") }),
    );
    expect(narrow.rows.map((r) => r.sComputerName)).toEqual(["web01.contoso.com"]);
  });

  it("requests-in-window: these hosts exactly, [from, to] closed, at most maxRows, REQUEST_COLUMNS", async () => {
    const res = await run(
      T.requestsInWindow.build({
        hosts: ["WEB01", "WEB02"],
        fromTime: t("10:05:00"),
        toTime: t("10:08:00"),
        maxRows: 100,
      }),
    );
    expect(times(res).sort()).toEqual(
      [
        "10:05:00",
        "10:05:00",
        "10:05:30",
        "10:06:00",
        "10:06:00",
        "10:07:00",
        "10:07:01",
        "10:07:02",
        "10:07:03",
        "10:07:04",
        "10:08:00",
      ].sort(),
    );
    expect(res.columns.map((c) => c.name)).toEqual([...T.REQUEST_COLUMNS]);
    const r = res.rows.find((x) => x.csUriStem === "/x.php")!;
    expect(r).toMatchObject({ sComputerName: "WEB02", sPort: 443, scStatus: "200", scBytes: 1234, csUriQuery: "-" });
    expect(toFetchedRequest(r)!.record).toMatchObject({ host: "WEB02", uriQuery: null, status: 200, serverPort: 443 });
    expect(typeof r._ItemId).toBe("string");
    const lower = await run(
      T.requestsInWindow.build({ hosts: ["web01"], fromTime: t("00:00:00"), toTime: t("23:00:00"), maxRows: 100 }),
    );
    expect(lower.rows).toEqual([]);
    const capped = await run(
      T.requestsInWindow.build({ hosts: ["WEB01"], fromTime: t("00:00:00"), toTime: t("23:00:00"), maxRows: 3 }),
    );
    expect(capped.rows).toHaveLength(3);
  });

  it("page-history: the first firstLook rows with ties; the first sample rows when those are rare", async () => {
    const page = (rareThreshold: number, firstLook: number, sample: number) =>
      run(
        T.pageHistory.build({
          host: "WEB01",
          site: "W3SVC1",
          stem: "/up.aspx",
          fromTime: t("10:00:00"),
          toTime: t("10:10:00"),
          rareThreshold,
          firstLook,
          sample,
        }),
      );
    // The first 2 by time are 10:00:01 and one of the two at 10:00:02: both tied rows come.
    expect(times(await page(-1, 2, 2))).toEqual(["10:00:01", "10:00:02", "10:00:02"]);
    // 3 rows (>= firstLook 2) from 2 clients (<= 2): rare, so the first 5 (sample) instead.
    expect(times(await page(2, 2, 5))).toEqual(["10:00:01", "10:00:02", "10:00:02", "10:00:03", "10:00:04"]);
    // 2 clients > threshold 1: common, the first look only.
    expect(times(await page(1, 2, 5))).toHaveLength(3);
    // Fewer rows than firstLook: never rare, every row.
    expect(times(await page(10, 50, 2))).toHaveLength(6);
    // Site "" means the empty site, not any site.
    const noSite = await run(
      T.pageHistory.build({
        host: "WEB01",
        site: "",
        stem: "/up.aspx",
        fromTime: t("10:00:00"),
        toTime: t("10:10:00"),
        rareThreshold: 9,
        firstLook: 9,
        sample: 9,
      }),
    );
    expect(noSite.rows).toEqual([]);
  });

  it("file-requests: stems ending with the suffix ignoring case, first maxRows by time with ties", async () => {
    const q = (maxRows: number) =>
      run(
        T.fileRequests.build({
          hosts: ["WEB01"],
          suffix: "/shell/cmd.aspx",
          fromTime: t("10:00:00"),
          toTime: t("10:10:00"),
          maxRows,
        }),
      );
    expect(stems(await q(100))).toEqual(["/Shell/Cmd.ASPX", "/shell/cmd.aspx", "/shell/cmd.aspx"]);
    expect(times(await q(2))).toEqual(["10:05:30", "10:06:00", "10:06:00"]);
    expect(times(await q(1))).toEqual(["10:05:30"]);
  });

  it("last-post-before: these IPs' POSTs to another page (ignoring case), every row at the latest time", async () => {
    const q = (excludeStem: string, toTime = t("10:10:00"), ips = ["192.0.2.66"]) =>
      run(T.lastPostBefore.build({ hosts: ["WEB01"], ips, excludeStem, fromTime: t("10:00:00"), toTime }));
    expect(stems(await q("/SHELL/cmd.aspx")).sort()).toEqual(["/upload.aspx", "/upload2.aspx"]);
    expect(stems(await q("/other.aspx"))).toEqual(["/Shell/Cmd.ASPX"]);
    expect(stems(await q("/shell/cmd.aspx", t("10:04:59")))).toEqual(["/login.aspx"]);
    expect((await q("/shell/cmd.aspx", t("10:10:00"), ["192.0.2.67"])).rows).toEqual([]);
  });

  it("attacker-requests: by IP and/or user agent ('' = not set), host and site when set, scripts only by has_any", async () => {
    const q = (o: Partial<Parameters<typeof T.attackerRequests.build>[0]>) =>
      run(
        T.attackerRequests.build({
          host: "",
          site: "",
          ip: "",
          userAgent: "",
          scriptsOnly: false,
          fromTime: t("10:00:00"),
          toTime: t("10:10:00"),
          maxRows: 100,
          ...o,
        }),
      );
    const byIp = await q({ ip: "192.0.2.66" });
    expect(byIp.rows).toHaveLength(12);
    expect(new Set(byIp.rows.map((r) => r.sComputerName))).toEqual(new Set(["WEB01", "WEB02"]));
    expect((await q({ userAgent: "curl/8" })).rows).toHaveLength(12);
    expect((await q({ ip: "192.0.2.66", userAgent: "curl/8" })).rows).toHaveLength(11);
    expect((await q({ ip: "192.0.2.66", host: "WEB01", site: "W3SVC1" })).rows).toHaveLength(11);
    expect((await q({ ip: "192.0.2.66", host: "WEB01", site: "" })).rows).toHaveLength(0);
    const scripts = await q({ ip: "192.0.2.66", scriptsOnly: true });
    // .aspx, .jsp and .php as whole terms; not /a.aspxx, /notes.txt, or .asax (not in the template's list).
    expect(stems(scripts)).toEqual([
      "/login.aspx",
      "/login.aspx",
      "/upload.aspx",
      "/upload2.aspx",
      "/Shell/Cmd.ASPX",
      "/shell/cmd.aspx",
      "/b.jsp",
      "/c.aspx/extra",
      "/x.php",
    ]);
    // First maxRows by time, ties included: the 3rd row is one of the two POSTs at 10:05:00.
    expect(times(await q({ ip: "192.0.2.66", maxRows: 3 }))).toEqual(["10:04:00", "10:04:30", "10:05:00", "10:05:00"]);
  });

  it("first-access: every request by the attacker on (host, site) at the earliest such time", async () => {
    const q = (o: { ip?: string; userAgent?: string; fromTime?: Date }) =>
      run(
        T.firstAccess.build({
          host: "WEB01",
          site: "W3SVC1",
          ip: o.ip ?? "",
          userAgent: o.userAgent ?? "",
          fromTime: o.fromTime ?? t("00:00:00"),
          toTime: t("23:00:00"),
        }),
      );
    expect(stems(await q({ ip: "192.0.2.66" }))).toEqual(["/early.aspx"]);
    expect(times(await q({ ip: "192.0.2.66", fromTime: t("09:30:00") }))).toEqual(["10:04:00"]);
    expect(times(await q({ userAgent: "curl/8", fromTime: t("10:05:30") }))).toEqual(["10:05:30"]);
    expect(times(await q({ ip: "192.0.2.67" }))).toEqual(["10:06:00"]);
    expect((await q({ ip: "192.0.2.99" })).rows).toEqual([]);
  });

  it("incidents-for-alerts: incidents holding any of the alerts, each at its latest version", async () => {
    const res = await run(T.incidentsForAlerts.build({ alertIds: ["a2", "a3"] }));
    expect(res.rows).toEqual([
      {
        IncidentName: "inc-1",
        IncidentNumber: 7,
        Title: "Web shell",
        Status: "Active",
        Severity: "High",
        Classification: "",
        IncidentUrl: "https://portal/inc-1",
        AlertIds: ["a1", "a2"],
      },
    ]);
    expect((await run(T.incidentsForAlerts.build({ alertIds: ["a1"] }))).rows.map((r) => r.Status)).toEqual(["Active"]);
    expect((await run(T.incidentsForAlerts.build({ alertIds: [] }))).rows).toEqual([]);
  });
});

describe("a scenario as workspace tables", () => {
  it("holds, per log line, what a file import of that line stores", async () => {
    const scenario = generateScenario({
      start: new Date("2022-09-05T00:00:00Z"),
      days: 1,
      requestsPerServerPerDay: 300,
      servers: 3,
      intrusions: 1,
      seed: 7,
    });
    const tables = tablesFromScenario(scenario);
    const w3c = tables.W3CIISLog as Row[];
    expect(w3c).toHaveLength(scenario.requestCount);
    expect(new Set(w3c.map((r) => r._ItemId)).size).toBe(w3c.length);
    expect((tables.SecurityAlert as Row[]).map((r) => r.SystemAlertId).sort()).toEqual(
      scenario.alerts.map((a) => a.SystemAlertId).sort(),
    );
    const fakeS = await startFakeWorkspace({ tables });
    try {
      const h = handle(fakeS.connection());
      const from = scenario.options.start;
      const to = new Date(from.getTime() + DAY);
      for (const src of scenario.logSources) {
        const expected: unknown[] = [];
        for (const file of src.files) {
          const opts = src.logsHostAndSite ? {} : { host: src.host, site: src.site };
          for await (const chunk of parseW3c(Readable.from([scenario.logs.get(file)!]), opts)) {
            expect(chunk.errors).toEqual([]);
            expected.push(...chunk.records.map(({ line: _line, ...r }) => r));
          }
        }
        const res = await runQuery(
          h,
          T.requestsInWindow.build({ hosts: [src.host], fromTime: from, toTime: to, maxRows: 100_000 }),
          { startTime: from, endTime: new Date(to.getTime() + 1) },
        );
        const got = res.rows
          .map((r) => toFetchedRequest(r)!.record)
          .filter((r) => r.site === src.site)
          .map(({ line: _line, ...r }) => r);
        const key = (r: unknown) => JSON.stringify(r);
        expect(got.map(key).sort()).toEqual(expected.map(key).sort());
      }
    } finally {
      await fakeS.close();
    }
  });
});

describe("scripts/fake-workspace/main.ts", () => {
  it("serves a generated scenario, writes the connection first, trickles alerts in, stops on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fake-workspace-main-"));
    const out = join(dir, "connection.json");
    const args = ["--days", "1", "--servers", "2", "--requests-per-day", "300", "--seed", "3", "--trickle", "1"];
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/fake-workspace/main.ts", ...args, "--out", out],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout!.on("data", (c: Buffer) => {
          text += c.toString("utf8");
          if (text.includes("\n")) resolve(text.split("\n")[0]!);
        });
        child.once("exit", (code) => reject(new Error(`main.ts exited ${code} before listening`)));
      });
      expect(line).toMatch(/^fake workspace listening on https:\/\/127\.0\.0\.1:\d+ /);
      const c = JSON.parse(await readFile(out, "utf8")) as FakeConnection & { pullSince: string };
      expect(line).toContain(c.queryEndpoint.replace(/\/v1$/, ""));
      const h = handle(c);
      const pull = () =>
        runQuery(
          h,
          T.alertsSince.build({ fromIngestion: new Date(c.pullSince), toIngestion: new Date(), maxRows: 1000 }),
          { startTime: new Date(Date.parse(c.pullSince) - DAY), endTime: new Date(Date.now() + DAY) },
        );
      const first = (await pull()).rows.length;
      await new Promise((r) => setTimeout(r, 2100));
      expect((await pull()).rows.length).toBeGreaterThan(first);
      expect((await runQuery(h, T.ping.build({}), { startTime: new Date(0), endTime: new Date() })).rows).toHaveLength(
        2,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    }
  });
});
