// Logs on demand against the local workspace with its row limit set low: a window holding more
// rows than one answer may carry is split until every row is home, and a range the service keeps
// answering only in part is stored with what came back and marked incomplete where the analyst
// looks (the coverage the alert page and `fetch-logs` list).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { fetchedSince, syncHostRange } from "../../lib/sentinel/evidence/ensure-evidence";
import { startFakeWorkspace, type FakeWorkspace, type Row } from "../../scripts/fake-workspace/fake-workspace";
import { createFakeSource, storedFromSource } from "../support/fake-source";

process.env.SOURCE_SECRET_KEY ??= randomBytes(32).toString("base64");

const HOST = `SPLIT${randomBytes(3).toString("hex").toUpperCase()}`;
const START = Date.UTC(2023, 4, 2, 8, 0, 0);
const ROWS = 1000;
let fake: FakeWorkspace;
let sourceId: number;

function request(i: number, host = HOST): Row {
  return {
    TimeGenerated: new Date(START + i * 3000),
    sComputerName: host,
    sSiteName: "W3SVC1",
    sIP: "10.0.0.5",
    csMethod: "GET",
    csUriStem: `/page${i % 37}.aspx`,
    csUriQuery: "",
    sPort: 443,
    csUserName: "",
    cIP: `198.51.100.${i % 200}`,
    csVersion: "HTTP/1.1",
    csUserAgent: "Mozilla/5.0+(Windows+NT+10.0)",
    csCookie: "",
    csReferer: "",
    csHost: "",
    scStatus: "200",
    scSubStatus: "0",
    scWin32Status: "0",
    scBytes: 512,
    csBytes: 100,
    TimeTaken: 15,
    _ItemId: `${host}-${i}`,
  };
}

beforeAll(async () => {
  const rows = [...Array(ROWS).keys()].map((i) => request(i));
  const other = [...Array(ROWS).keys()].map((i) => request(i, `${HOST}B`));
  // An answer may carry 300 rows: the hour's 1,000 requests need at least four.
  fake = await startFakeWorkspace({ tables: { W3CIISLog: [...rows, ...other] }, maxRows: 300 });
  sourceId = (await createFakeSource(fake, "split-test")).id;
});

afterAll(async () => {
  await getPool().query("DELETE FROM web_requests WHERE host IN ($1, $2)", [HOST, `${HOST}B`]);
  await getPrisma().dataSource.delete({ where: { id: sourceId } });
  await fake?.close();
  await closeDb();
});

const stored = (host: string) => storedFromSource(sourceId, host);

describe("a window over the service's row limit", () => {
  it("is split until every row is fetched, each stored once, the coverage complete", async () => {
    const seen = fake.queries.length;
    const r = await syncHostRange(sourceId, HOST, new Date(START), new Date(START + ROWS * 3000));
    expect(r.rows).toBe(ROWS);
    expect(r.incomplete).toBe(0);
    expect(await stored(HOST)).toEqual({ n: ROWS, items: ROWS });
    const queries = fake.queries.slice(seen);
    // The first answer was cut at the limit (partial), then the halves fitted.
    expect(queries[0]).toMatchObject({ template: "requests-in-window", partial: true, rows: 300 });
    expect(queries.filter((q) => !q.partial).length).toBeGreaterThanOrEqual(4);
    const coverage = await getPrisma().sourceCoverage.findMany({ where: { sourceId, host: HOST } });
    expect(coverage.every((c) => c.complete)).toBe(true);
    // Fetching the range again asks nothing: the coverage map knows it.
    const again = fake.queries.length;
    await syncHostRange(sourceId, HOST, new Date(START), new Date(START + ROWS * 3000));
    expect(fake.queries.length).toBe(again);
  });
});

describe("a partial answer that stays partial", () => {
  it("stores what came back and marks the range incomplete with the service's error", async () => {
    const host = `${HOST}B`;
    const since = new Date();
    fake.failNext(
      { kind: "partial", keepRows: 3, message: "shard unavailable" },
      { template: "requests-in-window", times: 10_000 },
    );
    // Ten minutes: 200 rows, under the limit, so only the fault makes it partial.
    const r = await syncHostRange(sourceId, host, new Date(START), new Date(START + 200 * 3000 - 1));
    expect(r.incomplete).toBeGreaterThan(0);
    const s = await stored(host);
    expect(s.n).toBeGreaterThan(0);
    expect(s.n).toBe(s.items);
    expect(s.n).toBeLessThan(200);
    const incomplete = (await fetchedSince(since)).filter((f) => !f.complete);
    expect(incomplete.length).toBe(r.incomplete);
    expect(incomplete[0]!.error).toMatch(/shard unavailable/);
  });
});
