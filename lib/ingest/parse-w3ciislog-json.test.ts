import { describe, expect, it } from "vitest";
import { MAX_ROWS_BEFORE_COLUMNS, parseW3cIisLogJson } from "./parse-w3ciislog-json";
import { WebLogRejected } from "./sniff-web-log";
import type { LineError, ParseChunk, ParseOptions, WebRequestRecord } from "./web-request";

async function parse(input: Iterable<Buffer | string>, opts: ParseOptions = {}) {
  const chunks: ParseChunk[] = [];
  const source = (async function* () {
    yield* input;
  })();
  for await (const c of parseW3cIisLogJson(source, opts)) chunks.push(c);
  return {
    records: chunks.flatMap((c) => c.records) as WebRequestRecord[],
    errors: chunks.flatMap((c) => c.errors) as LineError[],
    chunks,
  };
}

function* pieces(text: string, size: number): Generator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const utc = (iso: string): number => Date.parse(iso);

async function* from(...items: Buffer[]): AsyncGenerator<Buffer> {
  yield* items;
}

// What `az monitor log-analytics query` prints: an array of row objects, numbers as JSON numbers.
const ROWS = [
  {
    TenantId: "00000000-0000-0000-0000-000000000000",
    TimeGenerated: "2024-05-14T10:02:13.1234567Z",
    sSiteName: "W3SVC1",
    sComputerName: "WEB01",
    sIP: "10.0.0.5",
    csMethod: "POST",
    csUriStem: "/aspnet_client/system_web/Setconfigure.aspx",
    csUriQuery: "-",
    sPort: 443,
    csUserName: "",
    cIP: "198.51.100.23",
    csVersion: "HTTP/1.1",
    csUserAgent: "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0",
    csCookie: null,
    csReferer: "-",
    csHost: "www.contoso.com",
    scStatus: "200",
    scSubStatus: "0",
    scWin32Status: "2148074254",
    scBytes: 734,
    csBytes: 388,
    TimeTaken: 62,
    Computer: "web01.contoso.com",
    Type: "W3CIISLog",
  },
  "not a row",
  { TimeGenerated: "2024-05-14T10:03:00Z", csUriStem: "/b", cIP: "1.2.3.4", sComputerName: "" },
  { csUriStem: "/no-time", cIP: "1.2.3.4" },
  { timegenerated: "5/14/2024, 10:04:00.000 AM", CSURISTEM: "/café", cip: "::1", scstatus: 404 },
  { TimeGenerated: "2024-05-14T10:05:00Z", csUriStem: "/x", cIP: "1.2.3.999" },
];

const FIRST: WebRequestRecord = {
  time: utc("2024-05-14T10:02:13.123Z"),
  host: "WEB01",
  site: "W3SVC1",
  serverIp: "10.0.0.5",
  method: "POST",
  uriStem: "/aspnet_client/system_web/Setconfigure.aspx",
  uriQuery: null,
  serverPort: 443,
  username: null,
  clientIp: "198.51.100.23",
  protocolVersion: "HTTP/1.1",
  userAgent: "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0",
  cookie: null,
  referer: null,
  csHost: "www.contoso.com",
  status: 200,
  substatus: 0,
  win32Status: 2148074254,
  bytesSent: 734,
  bytesReceived: 388,
  timeTaken: 62,
  line: 1,
};

const EXPECTED_ERRORS: LineError[] = [
  { line: 2, reason: "row is not an object" },
  { line: 4, reason: "row has no TimeGenerated" },
  { line: 6, reason: 'cIP "1.2.3.999" is not an IP address' },
];

describe("parseW3cIisLogJson", () => {
  it("maps an array of rows: numbers or strings, - / empty / null as null, row numbers as lines", async () => {
    const text = JSON.stringify(ROWS, null, 2);
    const { records, errors, chunks } = await parse([text], { host: "WEB9" });
    expect(records[0]).toEqual(FIRST);
    expect(records.slice(1).map((r) => [r.line, r.uriStem, r.host, r.time])).toEqual([
      [3, "/b", "WEB9", utc("2024-05-14T10:03:00Z")],
      [5, "/café", "WEB9", utc("2024-05-14T10:04:00Z")],
    ]);
    expect(records[2]).toMatchObject({ clientIp: "::1", status: 404 });
    expect(errors).toEqual(EXPECTED_ERRORS);
    expect(chunks.at(-1)).toMatchObject({ linesRead: 6, bytesRead: Buffer.byteLength(text) });
  });

  it("gives the same result fed in 7-byte pieces (and 1-byte, through a UTF-8 character)", async () => {
    const text = "\uFEFF" + JSON.stringify(ROWS);
    const whole = await parse([JSON.stringify(ROWS)]);
    for (const size of [7, 1]) {
      const split = await parse(pieces(text, size));
      expect(split.records).toEqual(whole.records);
      expect(split.errors).toEqual(whole.errors);
    }
  });

  it('reads { "rows": [...] }', async () => {
    const { records, errors } = await parse([JSON.stringify({ _comment: "export", rows: ROWS })]);
    expect(records[0]).toEqual(FIRST);
    expect(records.map((r) => r.line)).toEqual([1, 3, 5]);
    expect(errors).toEqual(EXPECTED_ERRORS);
  });

  it("reads the Log Analytics REST shape, with columns and rows as arrays", async () => {
    const names = Object.keys(ROWS[0] as object);
    const first = ROWS[0] as Record<string, unknown>;
    const rest = {
      tables: [
        {
          name: "PrimaryResult",
          columns: names.map((name) => ({ name, type: name === "TimeGenerated" ? "datetime" : "string" })),
          rows: [
            names.map((n) => first[n]),
            names.map((n) =>
              n === "TimeGenerated" ? "2024-05-14T10:06:00Z" : n === "sPort" ? "99999999999" : first[n],
            ),
            ["too", "short"],
          ],
        },
      ],
    };
    const { records, errors } = await parse(pieces(JSON.stringify(rest), 7));
    expect(records).toEqual([FIRST]);
    expect(errors).toEqual([
      { line: 2, reason: 'sPort "99999999999" is out of range (0..2147483647)' },
      { line: 3, reason: `expected ${names.length} values (per the table's columns), found 2` },
    ]);
  });

  it("reads a REST table whose rows come before its columns", async () => {
    const rest = `{"tables":[{"rows":[["2024-05-14T10:00:00Z","/a"]],"name":"t","columns":[{"name":"TimeGenerated"},{"name":"csUriStem"}]}]}`;
    const { records } = await parse([rest]);
    expect(records.map((r) => [r.line, r.uriStem, r.time])).toEqual([[1, "/a", utc("2024-05-14T10:00:00Z")]]);
  });

  it("rejects JSON of another table before yielding anything", async () => {
    const alerts = {
      _comment: "SecurityAlert rows",
      rows: [
        {
          TenantId: "t",
          TimeGenerated: "2024-05-14T10:05:00Z",
          AlertName: "Possible web shell",
          SystemAlertId: "7f3c2a10",
        },
      ],
    };
    let yielded = 0;
    const run = async () => {
      for await (const _ of parseW3cIisLogJson(from(Buffer.from(JSON.stringify(alerts))), {})) yielded++;
    };
    await expect(run()).rejects.toThrow(WebLogRejected);
    await expect(run()).rejects.toThrow(
      "JSON, but not W3CIISLog rows (found keys SystemAlertId, TenantId, TimeGenerated, AlertName)",
    );
    expect(yielded).toBe(0);

    const columns = { tables: [{ name: "t", columns: [{ name: "TimeGenerated" }, { name: "AlertName" }], rows: [] }] };
    await expect(parse([JSON.stringify(columns)])).rejects.toThrow(/found columns TimeGenerated, AlertName/);
  });

  it("rejects invalid JSON and JSON that is not an export", async () => {
    await expect(parse(['[{"TimeGenerated": "2024-05-14T10:00:00Z", "cIP": '])).rejects.toThrow(WebLogRejected);
    await expect(parse(['[{"TimeGenerated": x}]'])).rejects.toThrow(/invalid JSON/);
    await expect(parse(['{"value": [1, 2]}'])).rejects.toThrow(/no "rows" or "tables" array; found keys value/);
    await expect(parse(["42"])).rejects.toThrow(/a single value/);
    await expect(parse(["  "])).rejects.toThrow("file is empty");
  });

  it("accepts an empty export", async () => {
    for (const text of ["[]", '{"rows": []}', '{"tables": []}']) {
      const { records, errors, chunks } = await parse([text]);
      expect(records).toEqual([]);
      expect(errors).toEqual([]);
      expect(chunks).toHaveLength(1);
    }
  });

  it("reports a NUL in a value as a row error", async () => {
    const { records, errors } = await parse([
      JSON.stringify([
        { TimeGenerated: "2024-05-14T10:00:00Z", csUriStem: "/a\u0000" },
        { TimeGenerated: "2024-05-14T10:00:00Z", csUriStem: "/b" },
      ]),
    ]);
    expect(errors).toEqual([{ line: 1, reason: "csUriStem contains a NUL byte" }]);
    expect(records.map((r) => r.uriStem)).toEqual(["/b"]);
  });

  it("chunks by chunkSize", async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ TimeGenerated: "2024-05-14T10:00:00Z", csUriStem: `/${i}` }));
    const { chunks } = await parse([JSON.stringify(many)], { chunkSize: 3 });
    expect(chunks.map((c) => c.records.map((r) => r.line))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("skips a row whose value is over 64 KiB, naming the field, and keeps the others", async () => {
    const huge = "A".repeat(1024 * 1024);
    const rows = [
      { TimeGenerated: "2024-05-14T10:00:00Z", csUriStem: "/a" },
      { TimeGenerated: "2024-05-14T10:00:01Z", csUriStem: "/b", csUserAgent: huge },
      { TimeGenerated: "2024-05-14T10:00:02Z", csUriStem: "/c", Unused: huge }, // not a W3CIISLog column
      { TimeGenerated: "2024-05-14T10:00:03Z", csUriStem: "/d", [huge]: "x" }, // a key that long is not one either
    ];
    // In 4 KiB pieces, as a file streams in: the value must be dropped piece by piece.
    const { records, errors } = await parse(pieces(JSON.stringify(rows), 4096));
    expect(records.map((r) => [r.line, r.uriStem])).toEqual([
      [1, "/a"],
      [3, "/c"],
      [4, "/d"],
    ]);
    expect(errors).toEqual([{ line: 2, reason: "csUserAgent is over 64 KiB" }]);

    const table = {
      tables: [
        {
          columns: [{ name: "TimeGenerated" }, { name: "csUriStem" }],
          rows: [
            ["2024-05-14T10:00:00Z", huge],
            ["2024-05-14T10:00:01Z", "/e"],
          ],
        },
      ],
    };
    const rest = await parse(pieces(JSON.stringify(table), 4096));
    expect(rest.records.map((r) => r.uriStem)).toEqual(["/e"]);
    expect(rest.errors).toEqual([{ line: 1, reason: "csUriStem is over 64 KiB" }]);
  });

  it("stops building a row of many small values once it is over the row cap", async () => {
    const wide: Record<string, string> = { TimeGenerated: "2024-05-14T10:00:00Z", csUriStem: "/wide" };
    for (let i = 0; i < 20_000; i++) wide[`k${i}`] = "value";
    const rows = [wide, { TimeGenerated: "2024-05-14T10:00:01Z", csUriStem: "/next" }];
    const { records, errors } = await parse(pieces(JSON.stringify(rows), 4096));
    expect(records.map((r) => [r.line, r.uriStem])).toEqual([[2, "/next"]]);
    expect(errors).toEqual([{ line: 1, reason: "row is over 65536 bytes" }]);
  });

  it(`refuses more than ${MAX_ROWS_BEFORE_COLUMNS} rows before a table's columns, saying to put them first`, async () => {
    const row = '["2024-05-14T10:00:00Z","/a"]';
    const columns = '"columns":[{"name":"TimeGenerated"},{"name":"csUriStem"}]';
    const doc = (n: number) => `{"tables":[{"rows":[${Array(n).fill(row).join(",")}],${columns}}]}`;
    const err = await parse([doc(MAX_ROWS_BEFORE_COLUMNS + 1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebLogRejected);
    expect((err as Error).message).toMatch(/more than 10000 rows .*before its "columns"; put "columns" before "rows"/);
    // At the bound, the rows wait for their columns and import.
    const { records } = await parse([doc(MAX_ROWS_BEFORE_COLUMNS)]);
    expect(records).toHaveLength(MAX_ROWS_BEFORE_COLUMNS);
  });

  it("reports rows dated outside 1995 … tomorrow as row errors", async () => {
    const rows = [
      { TimeGenerated: "9999-12-31T00:00:00Z", csUriStem: "/future" },
      { TimeGenerated: "2024-05-14T10:00:00Z", csUriStem: "/now" },
      { TimeGenerated: "0001-01-01T00:00:00Z", csUriStem: "/ancient" },
    ];
    const maxTime = utc("2026-12-05T00:00:00Z");
    const { records, errors } = await parse([JSON.stringify(rows)], { maxTime });
    expect(records.map((r) => r.line)).toEqual([2]);
    expect(errors).toEqual([
      { line: 1, reason: "date 9999-12-31 is outside 1995-01-01 … 2026-12-05 00:00:00 UTC" },
      { line: 3, reason: "date 0001-01-01 is outside 1995-01-01 … 2026-12-05 00:00:00 UTC" },
    ]);
  });
});
