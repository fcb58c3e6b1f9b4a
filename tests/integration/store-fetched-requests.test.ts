// Rows fetched from a workspace land in web_requests once each, with their provenance, and feed
// web_log_sources as an import does.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { toFetchedRequest } from "../../lib/sentinel/evidence/fetched-request";
import { storeFetchedRequests } from "../../lib/sentinel/evidence/store-fetched-requests";

afterAll(closeDb);

const HOST = "FETCHSTORE01";

function row(i: number, extra: Record<string, unknown> = {}) {
  return {
    TimeGenerated: new Date(Date.UTC(2026, 10, 20, 10, 0, i)),
    sComputerName: HOST,
    sSiteName: "W3SVC1",
    sIP: "10.0.0.5",
    csMethod: "GET",
    csUriStem: `/page${i}.aspx`,
    csUriQuery: "-",
    sPort: 443,
    csUserName: "-",
    cIP: "203.0.113.9",
    csVersion: "HTTP/1.1",
    csUserAgent: "Mozilla/5.0+(x)",
    csCookie: "-",
    csReferer: "-",
    csHost: "-",
    scStatus: "200",
    scSubStatus: "0",
    scWin32Status: "2148074254",
    scBytes: 512,
    csBytes: 100,
    TimeTaken: 15,
    _ItemId: `item-${i}`,
    ...extra,
  };
}

describe("storeFetchedRequests", () => {
  it("stores each _ItemId once across fetches and says where every row came from", async () => {
    const source = await getPrisma().dataSource.create({
      // Disabled: enrichment elsewhere in this run must not try to fetch from it.
      data: {
        name: "store-test",
        workspaceId: "00000000-0000-0000-0000-000000000001",
        tenantId: "contoso.com",
        enabled: false,
      },
    });
    const first = await storeFetchedRequests(
      source.id,
      "first fetch",
      [0, 1, 2].map((i) => toFetchedRequest(row(i))!),
    );
    expect(first).toMatchObject({ fetched: 3, stored: 3, duplicates: 0 });
    // An overlapping fetch: two rows again (one twice within the same answer), one new.
    const second = await storeFetchedRequests(
      source.id,
      "second fetch",
      [1, 2, 2, 3].map((i) => toFetchedRequest(row(i))!),
    );
    expect(second).toMatchObject({ fetched: 4, stored: 1, duplicates: 3 });

    const { rows } = await getPool().query(
      `SELECT r.uri_stem, r.uri_query, r.username, r.status, r.win32_status::text, r.source_id, r.item_id, b.kind, b.file_name
         FROM web_requests r JOIN import_batches b ON b.id = r.batch_id
        WHERE r.host = $1 ORDER BY r.time`,
      [HOST],
    );
    expect(rows.map((r) => r.item_id)).toEqual(["item-0", "item-1", "item-2", "item-3"]);
    expect(rows[0]).toMatchObject({
      uri_query: null, // "-" is NULL, as the W3C parser stores it
      username: null,
      status: 200,
      win32_status: "2148074254",
      source_id: source.id,
      kind: "workspace",
      file_name: "first fetch",
    });
    expect(rows[3].file_name).toBe("second fetch");
    const sources = await getPrisma().webLogSource.findUnique({ where: { host_site: { host: HOST, site: "W3SVC1" } } });
    expect(Number(sources?.requests)).toBe(4);
    const after = await getPrisma().dataSource.findUniqueOrThrow({ where: { id: source.id } });
    expect(Number(after.requestRowsFetched)).toBe(7);
  });

  it("drops a row without a usable time instead of failing the fetch", () => {
    expect(toFetchedRequest(row(0, { TimeGenerated: "not a time" }))).toBeNull();
    expect(toFetchedRequest(row(0, { cIP: "not-an-ip" }))?.record.clientIp).toBeNull();
  });
});
