// The notebook's pivots on a hand-written log: exact bounds, IP / user agent / both, host and site
// scoping, lookback, user agent forms, script-only vs every request; then the CLI's JSON contract,
// runs through the real queue and worker, and the default pivot that enrichment queues.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { QueueEvents, Worker } from "bullmq";
import { closeDb, getPrisma } from "../../lib/db";
import { getEnv } from "../../lib/env";
import { closeQueues, getQueue, pivotJobId, QUEUES } from "../../lib/jobs/queues";
import { createWorkerConnection } from "../../lib/redis";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { enrichAlert } from "../../lib/enrich/enrich-alert";
import { pivotParamsSchema, type PivotParamsInput } from "../../lib/pivots/pivot-params";
import { findFilesBefore } from "../../lib/pivots/find-files-before";
import { findFirstAccess } from "../../lib/pivots/find-first-access";
import { findAttackerTimeline } from "../../lib/pivots/find-attacker-timeline";
import { findAttackerElsewhere } from "../../lib/pivots/find-attacker-elsewhere";
import { createPivotRun, queuePivotRun } from "../../lib/pivots/create-pivot-run";
import { findPivotRuns } from "../../lib/pivots/find-pivot-runs";
import { processPivot } from "../../workers/processors/pivots";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(import.meta.dirname, "..", "fixtures");

// Names of this run only: the integration database is shared by every test file.
const tag = randomBytes(3).toString("hex").toUpperCase();
const HOST = `PIV${tag}A`;
const OTHER_HOST = `PIV${tag}B`;
const IP = `198.18.${randomInt(0, 255)}.${randomInt(1, 254)}`;
const OTHER_IP = `198.19.${randomInt(0, 255)}.${randomInt(1, 254)}`;
const UA = `Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+Pivot/${tag}`;
const UA_SPACED = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) Pivot/${tag}`;
const OTHER_UA = `curl/8.4.0+${tag}`;
// User agents past the index's 512-character prefix: the same prefix, different tails.
const LONG_IP = `198.18.${randomInt(0, 255)}.${randomInt(1, 254)}`;
const P512 = `Mozilla/5.0+Long/${tag}+`.padEnd(512, "x");
const LONG_A = `${P512}+A`;
const LONG_B = `${P512}+B`;
// February 2023 (and one request in January): no other test file writes these months.
const ANCHOR = "2023-02-10T12:00:00.000Z";

const FIELDS =
  "date time s-sitename s-computername c-ip cs-method cs-uri-stem cs-uri-query sc-status cs(User-Agent) cs-bytes";
const line = (
  at: string,
  site: string,
  host: string,
  ip: string,
  method: string,
  stem: string,
  status: number,
  ua: string,
  bytes = 400,
) => `${at} ${site} ${host} ${ip} ${method} ${stem} - ${status} ${ua} ${bytes}`;
const mine = (at: string, stem: string, status = 200, method = "GET", bytes?: number) =>
  line(at, "W3SVC1", HOST, IP, method, stem, status, UA, bytes);

const LOG = [
  `#Fields: ${FIELDS}`,
  mine("2023-01-12 12:00:00", "/"), // 29 days before the anchor
  mine("2023-02-05 08:00:00", "/index.aspx"), // 5 days before
  // A probing sweep: five 404s within 40 s, and one more ten minutes later.
  mine("2023-02-10 11:10:00", "/probe1.php", 404),
  mine("2023-02-10 11:10:10", "/probe2.php", 404),
  mine("2023-02-10 11:10:20", "/probe3.aspx", 404),
  mine("2023-02-10 11:10:30", "/probe4.jsp", 404),
  mine("2023-02-10 11:10:40", "/probe5.cfm", 404),
  mine("2023-02-10 11:20:00", "/probe6.php", 404),
  mine("2023-02-10 11:29:59", "/early.aspx"), // one second before anchor − 30m: out
  mine("2023-02-10 11:30:00", "/edge.aspx"), // exactly anchor − 30m: in
  mine("2023-02-10 11:40:00", "/a.aspxx", 404), // not a script: .aspx followed by a letter
  mine("2023-02-10 11:41:00", "/x.css"),
  mine("2023-02-10 11:42:00", "/a.aspx/b"), // a script: .aspx followed by /
  line("2023-02-10 11:43:00", "W3SVC1", HOST, IP, "GET", "/sameip-otherua.php", 200, OTHER_UA),
  line("2023-02-10 11:44:00", "W3SVC1", HOST, OTHER_IP, "GET", "/sameua-otherip.jsp", 200, UA),
  mine("2023-02-10 11:45:00", "/upload.ASPX", 200, "POST", 9000), // case-insensitive extension; an upload
  mine("2023-02-10 11:46:00", "/app.json"), // .js is a term of its own: not in .json
  // The other server also calls its first site W3SVC1; the same server's second site.
  line("2023-02-10 11:50:00", "W3SVC1", OTHER_HOST, IP, "GET", "/otherserver.aspx", 200, UA),
  line("2023-02-10 11:51:00", "W3SVC2", HOST, IP, "GET", "/othersite.aspx", 200, UA),
  mine("2023-02-10 12:00:00", "/shell.aspx"), // exactly the anchor: in
  mine("2023-02-10 12:00:01", "/after.aspx"), // one second after: out
  mine("2023-02-10 12:05:00", "/shell.aspx", 200, "POST", 700), // a command through the shell
  line("2023-02-10 11:47:00", "W3SVC1", HOST, LONG_IP, "GET", "/long-a.aspx", 200, LONG_A),
  line("2023-02-10 11:47:01", "W3SVC1", HOST, LONG_IP, "GET", "/long-b.aspx", 200, LONG_B),
  line("2023-02-10 11:47:02", "W3SVC1", HOST, LONG_IP, "GET", "/long-512.aspx", 200, P512),
  line("2023-02-10 11:47:03", "W3SVC1", HOST, LONG_IP, "GET", "/long-512x.aspx", 200, `${P512}x`),
].join("\r\n");

const base = (over: Partial<PivotParamsInput>) =>
  pivotParamsSchema.parse({ host: HOST, site: "W3SVC1", anchor: ANCHOR, ...over });
const uris = async (over: Partial<PivotParamsInput>) => (await findFilesBefore(base(over))).rows.map((r) => r.uriStem);

function cli(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, "node_modules", ".bin", "tsx"),
      [join(ROOT, "cli", "main.ts"), ...args],
      { cwd: ROOT, env: process.env, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let worker: Worker;
let events: QueueEvents;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "shellcase-pivots-"));
  await writeFile(join(dir, "u_ex230210.log"), LOG + "\r\n");
  const imported = await importWebLogs([join(dir, "u_ex230210.log")]);
  expect(imported).toMatchObject({ imported: 26, rejected: 0, errors: [] });
  const prefix = getEnv().QUEUE_PREFIX;
  worker = new Worker(QUEUES.pivots, processPivot, { connection: createWorkerConnection(), prefix });
  events = new QueueEvents(QUEUES.pivots, { connection: createWorkerConnection(), prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});

afterAll(async () => {
  await worker.close();
  await events.close();
  await closeQueues();
  await closeDb();
});

describe("files before the shell", () => {
  it("includes both ends of [anchor − window, anchor] and nothing a second outside", async () => {
    const got = await uris({ ip: IP, userAgent: UA });
    expect(got).toEqual(["/edge.aspx", "/a.aspx/b", "/upload.ASPX", "/shell.aspx"]);
    expect(got).not.toContain("/early.aspx");
    expect(got).not.toContain("/after.aspx");
    // Moving the anchor one second earlier drops the shell request and brings in the earlier one.
    expect(await uris({ ip: IP, userAgent: UA, anchor: "2023-02-10T11:59:59Z" })).toEqual([
      "/early.aspx",
      "/edge.aspx",
      "/a.aspx/b",
      "/upload.ASPX",
    ]);
  });

  it("matches by IP, by user agent, or by both (same IP AND same user agent)", async () => {
    expect(await uris({ ip: IP })).toEqual([
      "/edge.aspx",
      "/a.aspx/b",
      "/sameip-otherua.php",
      "/upload.ASPX",
      "/shell.aspx",
    ]);
    expect(await uris({ userAgent: UA })).toEqual([
      "/edge.aspx",
      "/a.aspx/b",
      "/sameua-otherip.jsp",
      "/upload.ASPX",
      "/shell.aspx",
    ]);
    const both = await uris({ ip: IP, userAgent: UA });
    expect(both).not.toContain("/sameip-otherua.php");
    expect(both).not.toContain("/sameua-otherip.jsp");
  });

  it("never returns another server's W3SVC1 or another site of the same server", async () => {
    for (const who of [{ ip: IP }, { userAgent: UA }, { ip: IP, userAgent: UA }]) {
      const got = await uris({ ...who, allRequests: true, window: "1d" });
      expect(got).not.toContain("/otherserver.aspx");
      expect(got).not.toContain("/othersite.aspx");
    }
    const other = await uris({ ip: IP, host: OTHER_HOST });
    expect(other).toEqual(["/otherserver.aspx"]);
    expect(await uris({ ip: IP, site: "W3SVC2" })).toEqual(["/othersite.aspx"]);
  });

  it("accepts the user agent as logged or with spaces, with the same result", async () => {
    const logged = await findFilesBefore(base({ userAgent: UA }));
    const spaced = await findFilesBefore(base({ userAgent: UA_SPACED }));
    expect(spaced).toEqual(logged);
    expect(logged.rows.length).toBe(5);
    expect(spaced.rows.every((r) => r.userAgent === UA)).toBe(true);
  });

  it("matches a user agent longer than the index's 512-character prefix exactly", async () => {
    expect(P512).toHaveLength(512);
    expect(await uris({ userAgent: LONG_A })).toEqual(["/long-a.aspx"]);
    expect(await uris({ userAgent: LONG_B.replaceAll("+", " ") })).toEqual(["/long-b.aspx"]);
    // Exactly 512 characters: the prefix alone would also match the 513-character one.
    expect(await uris({ userAgent: P512 })).toEqual(["/long-512.aspx"]);
    expect(await uris({ userAgent: P512.slice(0, 511) })).toEqual([]);
    expect(await uris({ ip: LONG_IP })).toEqual(["/long-a.aspx", "/long-b.aspx", "/long-512.aspx", "/long-512x.aspx"]);
  });

  it("keeps script resources only (KQL has on the notebook's list) unless every request is asked for", async () => {
    const scripts = await uris({ ip: IP, userAgent: UA });
    expect(scripts).not.toContain("/a.aspxx");
    expect(scripts).not.toContain("/x.css");
    expect(scripts).not.toContain("/app.json");
    expect(scripts).toContain("/a.aspx/b");
    expect(scripts).toContain("/upload.ASPX");
    expect(await uris({ ip: IP, userAgent: UA, allRequests: true })).toEqual([
      "/edge.aspx",
      "/a.aspxx",
      "/x.css",
      "/a.aspx/b",
      "/upload.ASPX",
      "/app.json",
      "/shell.aspx",
    ]);
  });
});

describe("first access", () => {
  it("is the earliest request within the lookback, any resource", async () => {
    expect(await findFirstAccess(base({ ip: IP }))).toEqual({
      time: "2023-01-12T12:00:00.000Z",
      site: "W3SVC1",
      uri: "/",
    });
    expect(await findFirstAccess(base({ ip: IP, lookback: "7d" }))).toEqual({
      time: "2023-02-05T08:00:00.000Z",
      site: "W3SVC1",
      uri: "/index.aspx",
    });
    // Exactly 29 days back is inside a 29d lookback, outside 28d.
    expect((await findFirstAccess(base({ ip: IP, lookback: "29d" })))?.time).toBe("2023-01-12T12:00:00.000Z");
    expect((await findFirstAccess(base({ ip: IP, lookback: "28d" })))?.time).toBe("2023-02-05T08:00:00.000Z");
    expect(await findFirstAccess(base({ ip: IP, lookback: "1h", anchor: "2023-02-10T11:00:00Z" }))).toBeNull();
    expect(await findFirstAccess(base({ userAgent: UA_SPACED, host: OTHER_HOST }))).toEqual({
      time: "2023-02-10T11:50:00.000Z",
      site: "W3SVC1",
      uri: "/otherserver.aspx",
    });
  });
});

describe("timeline and elsewhere", () => {
  it("lists the attacker's requests on this host and site with the 404 burst and the upload marked", async () => {
    const t = await findAttackerTimeline(base({ ip: IP, userAgent: UA }));
    expect(t.truncated).toBe(false);
    expect(t.requests.map((r) => r.uri)).toEqual([
      "/",
      "/index.aspx",
      "/probe1.php",
      "/probe2.php",
      "/probe3.aspx",
      "/probe4.jsp",
      "/probe5.cfm",
      "/probe6.php",
      "/early.aspx",
      "/edge.aspx",
      "/a.aspxx",
      "/x.css",
      "/a.aspx/b",
      "/upload.ASPX",
      "/app.json",
      "/shell.aspx",
      "/after.aspx",
      "/shell.aspx",
    ]);
    expect(t.bursts).toEqual([
      { index: 0, start: "2023-02-10T11:10:00.000Z", end: "2023-02-10T11:10:40.000Z", count: 5 },
    ]);
    const marked = (f: (r: (typeof t.requests)[number]) => boolean) => t.requests.filter(f).map((r) => r.uri);
    expect(marked((r) => r.burst === 0)).toEqual([
      "/probe1.php",
      "/probe2.php",
      "/probe3.aspx",
      "/probe4.jsp",
      "/probe5.cfm",
    ]);
    expect(marked((r) => r.write)).toEqual(["/upload.ASPX", "/shell.aspx"]);
    // The 9 kB POST is an upload; the 700-byte command POST to the shell is not.
    expect(marked((r) => r.upload)).toEqual(["/upload.ASPX"]);
  });

  it("finds the same attacker on other hosts and sites, each with its count and times", async () => {
    const e = await findAttackerElsewhere(base({ ip: IP, userAgent: UA }));
    expect(e.truncated).toBe(false);
    expect(e.sites).toEqual([
      {
        host: OTHER_HOST,
        site: "W3SVC1",
        requests: 1,
        first: "2023-02-10T11:50:00.000Z",
        last: "2023-02-10T11:50:00.000Z",
      },
      { host: HOST, site: "W3SVC2", requests: 1, first: "2023-02-10T11:51:00.000Z", last: "2023-02-10T11:51:00.000Z" },
    ]);
    // By user agent alone the other IP's request is the attacker's too, but it is on this site.
    const byUa = await findAttackerElsewhere(base({ userAgent: UA }));
    expect(byUa.sites.map((s) => `${s.host}/${s.site}`)).toEqual([`${OTHER_HOST}/W3SVC1`, `${HOST}/W3SVC2`]);
  });
});

describe("cli pivot", () => {
  it("prints exactly {firstAccess, filesBefore}, ordered by time, times in ISO-8601 UTC with ms", async () => {
    const r = await cli([
      "pivot",
      "--host",
      HOST,
      "--site",
      "W3SVC1",
      "--ip",
      IP,
      "--ua",
      UA_SPACED,
      "--before",
      ANCHOR,
      "--window",
      "30m",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(["filesBefore", "firstAccess"]);
    expect(doc.firstAccess).toEqual({ time: "2023-01-12T12:00:00.000Z", site: "W3SVC1", uri: "/" });
    expect(doc.filesBefore).toEqual([
      { time: "2023-02-10T11:30:00.000Z", uri: "/edge.aspx", ip: IP, userAgent: UA, method: "GET", status: 200 },
      { time: "2023-02-10T11:42:00.000Z", uri: "/a.aspx/b", ip: IP, userAgent: UA, method: "GET", status: 200 },
      { time: "2023-02-10T11:45:00.000Z", uri: "/upload.ASPX", ip: IP, userAgent: UA, method: "POST", status: 200 },
      { time: "2023-02-10T12:00:00.000Z", uri: "/shell.aspx", ip: IP, userAgent: UA, method: "GET", status: 200 },
    ]);
    const all = await cli([
      "pivot",
      "--host",
      HOST,
      "--site",
      "W3SVC1",
      "--ip",
      IP,
      "--before",
      ANCHOR,
      "--all-requests",
      "--lookback",
      "7d",
      "--json",
    ]);
    expect(all.code).toBe(0);
    const allDoc = JSON.parse(all.stdout);
    expect(allDoc.firstAccess.uri).toBe("/index.aspx");
    expect(allDoc.filesBefore.map((f: { uri: string }) => f.uri)).toContain("/x.css");
  });

  it("exits 2 naming the flag on a usage error", async () => {
    const args = ["pivot", "--host", HOST, "--site", "W3SVC1", "--ip", IP, "--before", ANCHOR];
    const badWindow = await cli([...args, "--window", "5x", "--json"]);
    expect(badWindow.code).toBe(2);
    expect(badWindow.stdout).toBe("");
    expect(badWindow.stderr).toMatch(/--window: "5x" is not a duration/);
    const badIp = await cli(["pivot", "--host", HOST, "--site", "W3SVC1", "--ip", "1.2.3", "--before", ANCHOR]);
    expect(badIp.code).toBe(2);
    expect(badIp.stderr).toMatch(/--ip: not an IPv4 or IPv6 address/);
    const badTime = await cli([
      "pivot",
      "--host",
      HOST,
      "--site",
      "W3SVC1",
      "--ua",
      UA,
      "--before",
      "2023-02-10 12:00",
    ]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/--before: not an ISO-8601 time/);
    const noWho = await cli(["pivot", "--host", HOST, "--site", "W3SVC1", "--before", ANCHOR]);
    expect(noWho.code).toBe(2);
    expect(noWho.stderr).toMatch(/--ip, --ua, or both/);
    const noSite = await cli(["pivot", "--host", HOST, "--ip", IP, "--before", ANCHOR]);
    expect(noSite.code).toBe(2);
    expect(noSite.stderr).toMatch(/--site/);
  });
});

async function newCase() {
  return getPrisma().case.create({
    data: {
      number: `CASE-2023-${randomInt(100000, 999999)}`,
      title: `pivot test ${tag}`,
      hostName: HOST,
      site: "W3SVC1",
      shellLocation: "/shell.aspx",
    },
  });
}

async function settle(id: number) {
  const job = await getQueue(QUEUES.pivots).getJob(await pivotJobId(id));
  expect(job, `job of pivot run ${id}`).toBeDefined();
  return job!.waitUntilFinished(events, 30_000).then(
    (value: unknown) => ({ ok: true as const, value }),
    (err: Error) => ({ ok: false as const, error: err.message }),
  );
}

describe("pivot runs through the queue", () => {
  it("ends done with the stored result, and a second job for it changes nothing", async () => {
    const kase = await newCase();
    const { id } = await createPivotRun({
      caseId: kase.id,
      params: { host: HOST, site: "W3SVC1", ip: IP, userAgent: UA_SPACED, anchor: ANCHOR, window: "30m" },
      actor: null,
    });
    expect(await settle(id)).toEqual({ ok: true, value: "done" });
    const run = await getPrisma().pivotRun.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe("done");
    expect(run.error).toBeNull();
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.params).toMatchObject({ userAgent: UA, window: "30m", lookback: "30d", allRequests: false });
    const result = run.result as {
      firstAccess: unknown;
      filesBefore: { uri: string }[];
      timeline: { bursts: unknown[] };
      elsewhere: { sites: unknown[] };
    };
    expect(Object.keys(result).sort()).toEqual([
      "elsewhere",
      "filesBefore",
      "filesBeforeTruncated",
      "firstAccess",
      "timeline",
    ]);
    expect(result.firstAccess).toEqual({ time: "2023-01-12T12:00:00.000Z", site: "W3SVC1", uri: "/" });
    expect(result.filesBefore.map((f) => f.uri)).toEqual(["/edge.aspx", "/a.aspx/b", "/upload.ASPX", "/shell.aspx"]);
    expect(result.timeline.bursts).toHaveLength(1);
    expect(result.elsewhere.sites).toHaveLength(2);

    // Done is final: running it again (a duplicated or retried job) is skipped.
    await getQueue(QUEUES.pivots).add("pivot", { pivotRunId: id }, { jobId: `${await pivotJobId(id)}-again` });
    const again = await getQueue(QUEUES.pivots).getJob(`${await pivotJobId(id)}-again`);
    expect(await again!.waitUntilFinished(events, 30_000)).toBe("skipped");
    const after = await getPrisma().pivotRun.findUniqueOrThrow({ where: { id } });
    expect(after.finishedAt).toEqual(run.finishedAt);

    const page = await findPivotRuns(kase.id);
    expect(page.count).toBe(1);
    expect(page.data[0]).toMatchObject({ id, status: "done", error: null });
    expect(page.data[0]!.result?.filesBefore).toHaveLength(4);
  });

  it("ends failed, with a message naming the field, when its stored parameters are invalid", async () => {
    const kase = await newCase();
    const run = await getPrisma().pivotRun.create({
      data: { caseId: kase.id, params: { host: HOST, site: "W3SVC1", ip: IP, anchor: ANCHOR, window: "banana" } },
    });
    await queuePivotRun(run.id);
    const outcome = await settle(run.id);
    expect(outcome.ok).toBe(false);
    const failed = await getPrisma().pivotRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/window: "banana" is not a duration/);
    expect(failed.result).toBeNull();
    const job = await getQueue(QUEUES.pivots).getJob(await pivotJobId(run.id));
    expect(job!.attemptsMade).toBe(1); // unrecoverable: not retried
    // The case page shows it, newest first, after the earlier one.
    const newer = await createPivotRun({
      caseId: kase.id,
      params: { host: HOST, site: "W3SVC1", ip: IP, anchor: ANCHOR },
      actor: null,
    });
    await settle(newer.id);
    const page = await findPivotRuns(kase.id);
    expect(page.data.map((r) => [r.id, r.status])).toEqual([
      [newer.id, "done"],
      [run.id, "failed"],
    ]);
    expect(page.data[1]!.params).toBeNull();
  });

  it("refuses invalid parameters and an unknown case before storing anything", async () => {
    const kase = await newCase();
    await expect(
      createPivotRun({ caseId: kase.id, params: { host: HOST, site: "W3SVC1", anchor: ANCHOR }, actor: null }),
    ).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/IP, user agent, or both/) });
    await expect(
      createPivotRun({
        caseId: 2_000_000_000,
        params: { host: HOST, site: "W3SVC1", ip: IP, anchor: ANCHOR },
        actor: null,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await getPrisma().pivotRun.count({ where: { caseId: kase.id } })).toBe(0);
  });
});

describe("the default pivot of a case", () => {
  it("is queued once when enrichment puts a finding in a case, anchored at its first shell access", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-pivot-default-"));
    const host = `pvd${randomBytes(3).toString("hex")}`;
    const log = (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8")).replaceAll(
      " WEB01 ",
      ` ${host.toUpperCase()} `,
    );
    await writeFile(join(dir, "u_ex240514.log"), log);
    await importWebLogs([join(dir, "u_ex240514.log")]);
    const doc = JSON.parse(await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8"));
    const row = doc.rows[1];
    row.SystemAlertId = randomUUID();
    row.Entities = row.Entities.replaceAll("web01", host);
    await writeFile(join(dir, "alert.json"), JSON.stringify([row]));
    await importAlerts([join(dir, "alert.json")]);
    const alert = await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId: row.SystemAlertId } });

    expect(await enrichAlert(alert.id)).toBe("finding");
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } });
    const attacker = (finding.attackers as { ip: string; userAgent: string }[])[0]!;
    const runs = await getPrisma().pivotRun.findMany({ where: { caseId: finding.caseId! } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.params).toEqual({
      host: host.toUpperCase(),
      site: "W3SVC1",
      ip: attacker.ip,
      userAgent: attacker.userAgent,
      anchor: finding.firstShellAccess!.toISOString(),
      window: "30m",
      lookback: "30d",
      allRequests: false,
    });
    expect(runs[0]!.requestedById).toBeNull();

    // Enriched again (same finding): no second run for the same parameters.
    expect(await enrichAlert(alert.id)).toBe("finding");
    expect(await getPrisma().pivotRun.count({ where: { caseId: finding.caseId! } })).toBe(1);

    expect(await settle(runs[0]!.id)).toEqual({ ok: true, value: "done" });
    const done = await getPrisma().pivotRun.findUniqueOrThrow({ where: { id: runs[0]!.id } });
    const result = done.result as { firstAccess: { uri: string }; filesBefore: { uri: string; time: string }[] };
    expect(result.firstAccess.uri).toBe("/default.aspx");
    // The shell request at the anchor is the last one before it.
    expect(result.filesBefore.at(-1)).toMatchObject({
      uri: finding.shellLocation,
      time: finding.firstShellAccess!.toISOString(),
    });
  });
});
