// Window fetches page by keyset over time: with pages smaller than the window, every request is
// fetched, only the second a page ends in is read again, and each request is stored once; a
// single instant holding a whole page is stored as far as it came and marked incomplete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { syncHostRange } from "../../lib/sentinel/evidence/ensure-evidence";
import { startFakeWorkspace, type FakeWorkspace, type Row } from "../../scripts/fake-workspace/fake-workspace";
import { createFakeSource, storedFromSource } from "../support/fake-source";

process.env.SOURCE_SECRET_KEY ??= randomBytes(32).toString("base64");
const PAGE = 25;
const previousPage = process.env.SENTINEL_PAGE_ROWS;
process.env.SENTINEL_PAGE_ROWS = String(PAGE);

const HOST = `PAGED${randomBytes(3).toString("hex").toUpperCase()}`;
const BUSY = `${HOST}X`;
const START = Date.UTC(2023, 6, 3, 9, 0, 0);
let fake: FakeWorkspace;
let sourceId: number;

function request(host: string, time: number, i: number): Row {
  return {
    TimeGenerated: new Date(time),
    sComputerName: host,
    sSiteName: "W3SVC1",
    csMethod: "GET",
    csUriStem: `/p${i}.aspx`,
    cIP: "198.51.100.7",
    csUserAgent: "Mozilla/5.0",
    scStatus: "200",
    _ItemId: `${host}-${i}`,
  };
}

// HOST: 100 requests, three in each second. BUSY: 40 requests in one instant, then 10 later.
const steady = [...Array(100).keys()].map((i) => request(HOST, START + Math.floor(i / 3) * 1000, i));
const burst = [
  ...[...Array(40).keys()].map((i) => request(BUSY, START, i)),
  ...[...Array(10).keys()].map((i) => request(BUSY, START + 60_000 + i * 1000, 40 + i)),
];

beforeAll(async () => {
  fake = await startFakeWorkspace({ tables: { W3CIISLog: [...steady, ...burst] } });
  sourceId = (await createFakeSource(fake, "keyset-test")).id;
});

afterAll(async () => {
  if (previousPage === undefined) delete process.env.SENTINEL_PAGE_ROWS;
  else process.env.SENTINEL_PAGE_ROWS = previousPage;
  await getPool().query("DELETE FROM web_requests WHERE host IN ($1, $2)", [HOST, BUSY]);
  await getPrisma().dataSource.delete({ where: { id: sourceId } });
  await fake?.close();
  await closeDb();
});

const stored = (host: string) => storedFromSource(sourceId, host);

describe("a window larger than a page", () => {
  it("is fetched page after page from the last second seen, every request stored once", async () => {
    const seen = fake.queries.length;
    const to = START + 40_000;
    const r = await syncHostRange(sourceId, HOST, new Date(START), new Date(to));
    expect(await stored(HOST)).toEqual({ n: 100, items: 100 });
    expect(r).toMatchObject({ rows: 100, incomplete: 0 });
    const queries = fake.queries.slice(seen);
    expect(queries.every((q) => q.template === "requests-in-window" && !q.partial)).toBe(true);
    // Each full page gives back only its last second (at most three rows) to the next one.
    expect(queries.length).toBeGreaterThanOrEqual(5);
    expect(queries.reduce((n, q) => n + q.rows, 0)).toBeLessThanOrEqual(100 + 3 * (queries.length - 1));
    // The coverage is complete and seamless from the first millisecond to the last.
    const coverage = await getPrisma().sourceCoverage.findMany({
      where: { sourceId, host: HOST },
      orderBy: { fromTime: "asc" },
    });
    expect(coverage.every((c) => c.complete)).toBe(true);
    expect(coverage[0]!.fromTime.getTime()).toBe(START);
    expect(coverage.at(-1)!.toTime.getTime()).toBe(to);
    for (let i = 1; i < coverage.length; i++)
      expect(coverage[i]!.fromTime.getTime()).toBe(coverage[i - 1]!.toTime.getTime() + 1);
  });
});

describe("an instant holding more than a page", () => {
  it("keeps what one page brought of it, marks that instant incomplete and fetches the rest", async () => {
    const r = await syncHostRange(sourceId, BUSY, new Date(START), new Date(START + 120_000));
    expect(await stored(BUSY)).toEqual({ n: PAGE + 10, items: PAGE + 10 });
    expect(r.incomplete).toBe(1);
    const incomplete = await getPrisma().sourceCoverage.findMany({ where: { sourceId, host: BUSY, complete: false } });
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]!.fromTime.getTime()).toBe(START);
    expect(incomplete[0]!.toTime.getTime()).toBe(START);
    expect(incomplete[0]!.error).toMatch(/more than 25 requests at one instant/);
  });
});
