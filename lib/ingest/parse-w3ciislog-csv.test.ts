import { describe, expect, it } from "vitest";
import { parseW3cIisLogCsv, parseW3cIisLogTime } from "./parse-w3ciislog-csv";
import { WebLogRejected } from "./sniff-web-log";
import type { LineError, ParseChunk, ParseOptions, WebRequestRecord } from "./web-request";

async function parse(input: Iterable<Buffer | string>, opts: ParseOptions = {}) {
  const chunks: ParseChunk[] = [];
  const source = (async function* () {
    yield* input;
  })();
  for await (const c of parseW3cIisLogCsv(source, opts)) chunks.push(c);
  return {
    records: chunks.flatMap((c) => c.records) as WebRequestRecord[],
    errors: chunks.flatMap((c) => c.errors) as LineError[],
    chunks,
  };
}

function* pieces(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const utc = (iso: string): number => Date.parse(iso);

async function* from(...items: Buffer[]): AsyncGenerator<Buffer> {
  yield* items;
}

// Column order and extra columns as the portal exports them.
const HEADER =
  'TenantId,SourceSystem,"TimeGenerated [UTC]",sSiteName,sComputerName,sIP,csMethod,csUriStem,csUriQuery,sPort,' +
  "csUserName,cIP,csVersion,csUserAgent,csCookie,csReferer,csHost,scStatus,scSubStatus,scWin32Status,scBytes,csBytes," +
  "TimeTaken,Computer,FileUri,Type";
const T = "00000000-0000-0000-0000-000000000000,OpsManager";
const TAIL = "web01.contoso.com,C:\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex240514.log,W3CIISLog";

const EXPORT = [
  HEADER, // 1
  `${T},"5/14/2024, 10:02:13.000 AM",W3SVC1,WEB01,10.0.0.5,POST,/aspnet_client/system_web/Setconfigure.aspx,,443,,198.51.100.23,HTTP/1.1,Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0,,,www.contoso.com,200,0,0,734,388,62,${TAIL}`, // 2
  `${T},2024-05-14T10:07:31.1234567Z,W3SVC1,,10.0.0.5,GET,/a,"x=1,2",443,-,198.51.100.23,-,-,-,-,-,404,0,2,1405,219,27,${TAIL}`, // 3
  `${T},"5/14/2024, 12:00:01.000 AM",W3SVC1,WEB01,10.0.0.5,GET,"/multi`, // 4: a quoted line break
  `line",,443,,2001:db8::1,,,,,,200,0,0,1,2,3,${TAIL}`, // 5
  `${T},"5/14/2024, 12:30:00.000 PM",W3SVC1,WEB01,10.0.0.5,GET,/b,,443,,1.2.3,,,,,,200,0,0,1,2,3,${TAIL}`, // 6: bad cIP
  `${T},,W3SVC1,WEB01,10.0.0.5,GET,/c,,443,,1.2.3.4,,,,,,200,0,0,1,2,3,${TAIL}`, // 7: no time
  `${T},2024-05-14T10:08:00Z,W3SVC1,WEB01,10.0.0.5,GET,/d,,443,,1.2.3.4,,,,,,abc,0,0,1,2,3,${TAIL}`, // 8: bad status
  `${T},2024-05-14T10:09:00Z,W3SVC1,WEB01`, // 9: short row
  "", // 10: blank
  `${T},2024-05-14T10:10:00Z,W3SVC1,WEB01,10.0.0.5,GET,/e,,443,,1.2.3.4,,,,,,200,0,0,1,2,3,${TAIL}`, // 11
].join("\r\n");

describe("parseW3cIisLogCsv", () => {
  it("maps a portal export: US and ISO times, - and empty as null, line numbers of the file", async () => {
    const { records, errors, chunks } = await parse([EXPORT]);
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 11]);
    expect(records[0]).toEqual({
      time: utc("2024-05-14T10:02:13Z"),
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
      win32Status: 0,
      bytesSent: 734,
      bytesReceived: 388,
      timeTaken: 62,
      line: 2,
    });
    expect(records[1]).toMatchObject({
      time: utc("2024-05-14T10:07:31.123Z"),
      host: null,
      uriQuery: "x=1,2",
      username: null,
      protocolVersion: null,
      status: 404,
      win32Status: 2,
    });
    // 12 AM is midnight; the record starts on line 4 although csv-parse ends it on line 5.
    expect(records[2]).toMatchObject({
      time: utc("2024-05-14T00:00:01Z"),
      uriStem: "/multi\r\nline",
      clientIp: "2001:db8::1",
      line: 4,
    });
    expect(errors).toEqual([
      { line: 6, reason: 'cIP "1.2.3" is not an IP address' },
      { line: 7, reason: "TimeGenerated is empty" },
      { line: 8, reason: 'scStatus "abc" is not an integer' },
      { line: 9, reason: "expected 26 columns (per the header on line 1), found 5" },
    ]);
    expect(chunks.at(-1)).toMatchObject({ linesRead: 11, bytesRead: Buffer.byteLength(EXPORT) });
  });

  it("gives the same result fed in 7-byte pieces, with a BOM", async () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EXPORT)]);
    const whole = await parse([EXPORT]);
    const split = await parse(pieces(buf, 7));
    expect(split.records).toEqual(whole.records);
    expect(split.errors).toEqual(whole.errors);
  });

  it("matches columns case-insensitively and accepts a bare TimeGenerated", async () => {
    const csv = "timegenerated,CSURISTEM,cip,SCOMPUTERNAME\n2024-05-14 10:00:00,/x,1.2.3.4,\n";
    const { records } = await parse([csv], { host: "WEB9", site: "SITE9" });
    expect(records).toEqual([
      expect.objectContaining({
        time: utc("2024-05-14T10:00:00Z"),
        uriStem: "/x",
        clientIp: "1.2.3.4",
        host: "WEB9",
        site: "SITE9",
        line: 2,
      }),
    ]);
  });

  it("keeps host and site from the file over the options", async () => {
    const { records } = await parse([EXPORT], { host: "WEB9", site: "SITE9" });
    expect(records.map((r) => [r.line, r.host, r.site])).toEqual([
      [2, "WEB01", "W3SVC1"],
      [3, "WEB9", "W3SVC1"],
      [4, "WEB01", "W3SVC1"],
      [11, "WEB01", "W3SVC1"],
    ]);
  });

  it("rejects a CSV without W3CIISLog columns before yielding anything", async () => {
    const alerts = "TimeGenerated,AlertName,SystemAlertId\n2024-05-14T10:00:00Z,x,y\n";
    let yielded = 0;
    const run = async () => {
      for await (const _ of parseW3cIisLogCsv(from(Buffer.from(alerts)), {})) yielded++;
    };
    await expect(run()).rejects.toThrow(WebLogRejected);
    await expect(run()).rejects.toThrow(/neither csUriStem nor cIP/);
    expect(yielded).toBe(0);
    await expect(parse(["csUriStem,cIP\n/x,1.2.3.4\n"])).rejects.toThrow(/no TimeGenerated column/);
  });

  it("refuses a record over 1 MiB by its line, without holding more of it", async () => {
    const csv = `TimeGenerated,csUriStem\n2024-05-14T10:00:00Z,/a\n2024-05-14T10:00:01Z,/${"x".repeat(2 << 20)}\n`;
    await expect(parse([csv])).rejects.toThrow(/^CSV cannot be parsed: the record on line 3 is over 1 MiB$/);
  });

  it("rejects malformed CSV with a reason, and reports a NUL in a value as a line error", async () => {
    await expect(parse(['TimeGenerated,csUriStem\n2024-05-14T10:00:00Z,"/x\n'])).rejects.toThrow(WebLogRejected);
    const { records, errors } = await parse([
      "TimeGenerated,csUriStem\n2024-05-14T10:00:00Z,/a\u0000b\n2024-05-14T10:00:01Z,/c\n",
    ]);
    expect(errors).toEqual([{ line: 2, reason: "csUriStem contains a NUL byte" }]);
    expect(records.map((r) => r.line)).toEqual([3]);
  });

  it("chunks by chunkSize", async () => {
    const { chunks } = await parse([EXPORT], { chunkSize: 3 });
    expect(chunks.map((c) => c.records.length + c.errors.length)).toEqual([3, 3, 2]);
  });
});

describe("parseW3cIisLogTime", () => {
  it.each([
    ["2024-05-14T10:02:13Z", "2024-05-14T10:02:13.000Z"],
    ["2024-05-14T10:02:13.1234567Z", "2024-05-14T10:02:13.123Z"],
    ["2024-05-14 10:02:13", "2024-05-14T10:02:13.000Z"],
    ["2024-05-14T12:02:13+02:00", "2024-05-14T10:02:13.000Z"],
    ["5/14/2024, 10:02:13.000 AM", "2024-05-14T10:02:13.000Z"],
    ["5/14/2024, 10:02:13.000 PM", "2024-05-14T22:02:13.000Z"],
    ["5/14/2024 12:00:00 AM", "2024-05-14T00:00:00.000Z"],
    ["12/31/2023, 12:59:59.999 PM", "2023-12-31T12:59:59.999Z"],
  ])("%s", (input, iso) => {
    expect(new Date(parseW3cIisLogTime(input)).toISOString()).toBe(iso);
  });

  it.each([
    "",
    "yesterday",
    "2024-02-30T00:00:00Z",
    "14/5/2024, 10:02:13 AM",
    "5/14/2024, 13:00:00 PM",
    "2024-05-14T24:00:00Z",
  ])("rejects %j", (input) => {
    expect(parseW3cIisLogTime(input)).toBeNaN();
  });
});
