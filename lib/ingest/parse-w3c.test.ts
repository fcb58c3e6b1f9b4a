import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseW3c } from "./parse-w3c";
import type { LineError, ParseChunk, ParseOptions, WebRequestRecord } from "./web-request";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/iis");
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

interface Parsed {
  records: WebRequestRecord[];
  errors: LineError[];
  chunks: ParseChunk[];
}

async function parse(
  input: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  opts: ParseOptions = {},
): Promise<Parsed> {
  const chunks: ParseChunk[] = [];
  const source = (async function* () {
    yield* input;
  })();
  for await (const c of parseW3c(source, opts)) chunks.push(c);
  return { records: chunks.flatMap((c) => c.records), errors: chunks.flatMap((c) => c.errors), chunks };
}

/** The same bytes in pieces of `size`, so lines (and UTF-8 characters) straddle pieces. */
function* pieces(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const utc = (iso: string): number => Date.parse(iso);

const byLine = (records: WebRequestRecord[], line: number): WebRequestRecord => {
  const r = records.find((x) => x.line === line);
  if (!r) throw new Error(`no record for line ${line}`);
  return r;
};

const SAMPLES: [name: string, records: number, lines: number][] = [
  ["brianary_u_ex160110.log", 28, 128],
  ["brianary_u_ex100815.log", 16, 56],
  ["brianary_ex960101.log", 5, 6],
  ["elastic-beats_access-full.log", 1, 5],
  ["elastic-beats_test.log", 5, 17],
  ["u_ex240514.log", 6, 11],
];

describe("parseW3c on the sample files", () => {
  it.each(SAMPLES)("%s: %i records, no errors, every line and byte counted", async (name, count, lines) => {
    const buf = fixture(name);
    const { records, errors, chunks } = await parse([buf]);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(count);
    const last = chunks.at(-1)!;
    expect(last.linesRead).toBe(lines);
    expect(last.bytesRead).toBe(buf.length);
  });

  it.each(SAMPLES)("%s: 7-byte pieces give the same result as one piece", async (name) => {
    const buf = fixture(name);
    const whole = await parse([buf]);
    const split = await parse(pieces(buf, 7));
    expect(split.records).toEqual(whole.records);
    expect(split.errors).toEqual(whole.errors);
    expect(split.chunks.at(-1)!.linesRead).toBe(whole.chunks.at(-1)!.linesRead);
  });

  it("maps every field of a full 22-field line", async () => {
    const { records } = await parse([fixture("elastic-beats_access-full.log")]);
    expect(records[0]).toEqual({
      time: utc("2018-01-01T09:10:11Z"),
      host: "MACHINE-NAME",
      site: "W3SVC1",
      serverIp: "127.0.0.1",
      method: "GET",
      uriStem: "/",
      uriQuery: null,
      serverPort: 80,
      username: null,
      clientIp: "127.0.0.1",
      protocolVersion: "HTTP/1.1",
      userAgent: "Mozilla/5.0+(Windows+NT+6.1;+Win64;+x64;+rv:57.0)+Gecko/20100101+Firefox/57.0",
      cookie: null,
      referer: null,
      csHost: "localhost",
      status: 200,
      substatus: 0,
      win32Status: 0,
      bytesSent: 123,
      bytesReceived: 456,
      timeTaken: 789,
      line: 5,
    });
  });

  it("maps each #Fields block with its own field list", async () => {
    const { records } = await parse([fixture("elastic-beats_test.log")]);
    expect(records.map((r) => r.line)).toEqual([5, 10, 15, 16, 17]);
    // Block 1 (line 4): s-ip and a query, no site, host or byte counts.
    expect(byLine(records, 5)).toMatchObject({
      time: utc("2018-01-01T08:09:10Z"),
      serverIp: "127.0.0.1",
      uriQuery: "q=100",
      clientIp: "81.2.69.143",
      site: null,
      host: null,
      csHost: null,
      bytesSent: null,
      timeTaken: 123,
    });
    // Block 2 (line 9): s-sitename, cs-host and byte counts, but no s-ip.
    expect(byLine(records, 10)).toMatchObject({
      time: utc("2018-01-01T09:10:11Z"),
      site: "W3SVC1",
      serverIp: null,
      host: null,
      csHost: "example.com",
      bytesSent: 123,
      bytesReceived: 456,
      timeTaken: 789,
      protocolVersion: null,
    });
    // Block 3 (line 14): the only block with s-computername and cs-version.
    expect(byLine(records, 15)).toMatchObject({
      host: "MACHINE-NAME",
      protocolVersion: "HTTP/1.1",
      serverIp: "127.0.0.1",
      clientIp: "81.2.69.143",
      userAgent:
        "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_14_0)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/70.0.3538.102+Safari/537.36",
    });
  });

  it("maps 15-field attack lines under the 22-field block with the earlier 15-field layout", async () => {
    const { records } = await parse([fixture("elastic-beats_test.log")]);
    const struts = byLine(records, 16);
    expect(struts).toMatchObject({
      time: utc("2018-12-31T12:52:33Z"),
      serverIp: "10.44.0.136",
      method: "GET",
      uriStem: "/",
      serverPort: 443,
      clientIp: "10.50.6.188",
      status: 401,
      host: null,
      protocolVersion: null,
    });
    expect(struts.uriQuery).toMatch(/^redirect:\$\{%23req%3d%23context\.get\('com\.opensymphony/);
    expect(byLine(records, 17)).toMatchObject({ status: 404, win32Status: 2, timeTaken: 0 });
    expect(byLine(records, 17).uriStem).toMatch(/^\/\$\{#context\['xwork\.MethodAccessor.*\.action$/);
  });

  it("reads CRLF files without a trailing carriage return in the last field", async () => {
    const crlf = fixture("brianary_u_ex100815.log");
    expect(crlf.includes("\r\n")).toBe(true);
    const { records, errors } = await parse([crlf]);
    expect(errors).toEqual([]);
    // time-taken is the last field: with a "\r" left on it, it would not be an integer.
    expect(records[0]).toMatchObject({ line: 5, site: "W3SVC20", clientIp: "77.88.25.28", timeTaken: 376 });
    expect(records.at(-1)).toMatchObject({ line: 56, timeTaken: 96 });

    const old = await parse([fixture("brianary_ex960101.log")]);
    // cs(Referer) is the last field of this older layout.
    expect(byLine(old.records, 2).referer).toBe("http://www.webtrends.com/def_f1.htm");
    expect(byLine(old.records, 6).referer).toBe("http://webtrends.sample.com/loganalyzer/info.htm");
    for (const r of [...records, ...old.records]) {
      for (const v of Object.values(r)) if (typeof v === "string") expect(v).not.toMatch(/\r/);
    }
  });

  it("keeps the user agent's + signs, and reads - as null", async () => {
    const { records } = await parse([fixture("brianary_u_ex100815.log")]);
    expect(records[0]!.userAgent).toBe("Mozilla/5.0+(compatible;+YandexBot/3.0;++http://yandex.com/bots)");
    expect(records[0]).toMatchObject({ uriQuery: null, username: null });

    const old = await parse([fixture("brianary_ex960101.log")]);
    expect(byLine(old.records, 2)).toMatchObject({
      time: utc("1996-01-01T10:48:02Z"),
      host: "WEB1",
      serverIp: "192.166.0.24",
      clientIp: "195.52.225.44",
      username: null,
      cookie: null,
      userAgent: "Mozilla/4.0+[en]+(WinNT;+I)",
      bytesSent: 1703,
      bytesReceived: 279,
      protocolVersion: "HTTP/1.0",
    });
    expect(byLine(old.records, 3).cookie).toBe("WEBTRENDS_ID=195.52.225.44-100386000.29188902");
    expect(byLine(old.records, 4).referer).toBeNull();
  });

  it("reads the synthetic incident log", async () => {
    const { records } = await parse([fixture("u_ex240514.log")]);
    expect(records.map((r) => r.line)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(byLine(records, 8)).toMatchObject({
      time: utc("2024-05-14T10:01:44Z"),
      method: "POST",
      uriStem: "/api/upload.ashx",
      uriQuery: "name=report.aspx",
      referer: "https://www.contoso.com/default.aspx",
      bytesReceived: 9877,
    });
    expect(byLine(records, 9)).toMatchObject({
      host: "WEB01",
      site: "W3SVC1",
      uriStem: "/aspnet_client/system_web/Setconfigure.aspx",
      clientIp: "198.51.100.23",
      timeTaken: 62,
    });
  });
});

describe("parseW3c host and site options", () => {
  it("fill host and site only where the file has none", async () => {
    const opts = { host: "WEB9", site: "SITE9" };
    // s-sitename but no s-computername.
    const iis7 = await parse([fixture("brianary_u_ex100815.log")], opts);
    expect(iis7.records.every((r) => r.host === "WEB9" && r.site === "W3SVC20")).toBe(true);
    // Both in the file: the file wins.
    const full = await parse([fixture("elastic-beats_access-full.log")], opts);
    expect(full.records[0]).toMatchObject({ host: "MACHINE-NAME", site: "W3SVC1" });
    // Neither in the file.
    const iis85 = await parse([fixture("brianary_u_ex160110.log")], opts);
    expect(iis85.records.every((r) => r.host === "WEB9" && r.site === "SITE9")).toBe(true);
    // Without options the fields stay null.
    const bare = await parse([fixture("brianary_u_ex160110.log")]);
    expect(bare.records[0]).toMatchObject({ host: null, site: null });
  });

  it("fill a field that is logged as -", async () => {
    const log =
      "#Fields: date time s-sitename s-computername c-ip\n2024-05-14 10:00:00 - - 1.2.3.4\n2024-05-14 10:00:01 W3SVC2 WEB02 1.2.3.4\n";
    const { records } = await parse([log], { host: "WEB9", site: "SITE9" });
    expect(records.map((r) => [r.host, r.site])).toEqual([
      ["WEB9", "SITE9"],
      ["WEB02", "W3SVC2"],
    ]);
  });
});

describe("parseW3c line errors", () => {
  const long = "/" + "a".repeat(70_000);
  const lines = [
    "2024-05-14 09:59:59 1.2.3.4 /early 200", // 1: before #Fields
    "#Software: Microsoft Internet Information Services 10.0", // 2
    "#Fields: date time c-ip cs-uri-stem sc-status", // 3
    "2024-05-14 10:00:01 1.2.3.4 /ok1 200", // 4
    "2024-05-14 10:00:02 1.2.3.4 /short", // 5: 4 fields
    "2024-02-30 10:00:03 1.2.3.4 /baddate 200", // 6
    "2024-05-14 24:00:00 1.2.3.4 /badtime 200", // 7
    "2024-05-14 10:00:04 1.2.3.256 /badip 200", // 8
    "2024-05-14 10:00:05 1.2.3.4 /nul\u0000 200", // 9
    "2024-05-14 10:00:06 1.2.3.4 /INVALID_UTF8 200", // 10
    `2024-05-14 10:00:07 1.2.3.4 ${long} 200`, // 11
    "2024-05-14 10:00:08 2001:db8::1 /ipv6 200", // 12
    "2024-05-14 10:00:09 1.2.3.4 /big 2147483648", // 13
    "2024-05-14 10:00:10 1.2.3.4 /nan 20x", // 14
    "", // 15: blank
    "2024-05-14 10:00:11 1.2.3.4 /ok2 200 extra", // 16: 6 fields
    "2024-05-14 10:00:12 1.2.3.4 /ok3 200", // 17
  ];
  const text = lines.join("\r\n") + "\r\n";
  // Invalid UTF-8 has to be made as bytes: 0xff never occurs in UTF-8.
  const [before, after] = text.split("INVALID_UTF8") as [string, string];
  const buf = Buffer.concat([Buffer.from(before), Buffer.from([0x2f, 0xff, 0xfe]), Buffer.from(after)]);

  const expectedErrors: LineError[] = [
    { line: 1, reason: "data line before any #Fields directive" },
    { line: 5, reason: "expected 5 fields (per #Fields on line 3), found 4" },
    { line: 6, reason: 'bad date "2024-02-30" (expected YYYY-MM-DD)' },
    { line: 7, reason: 'bad time "24:00:00" (expected HH:MM:SS)' },
    { line: 8, reason: 'c-ip "1.2.3.256" is not an IP address' },
    { line: 9, reason: "line contains a NUL byte" },
    { line: 10, reason: "line is not valid UTF-8" },
    { line: 11, reason: "line is over 65536 bytes" },
    { line: 13, reason: 'sc-status "2147483648" is out of range (0..2147483647)' },
    { line: 14, reason: 'sc-status "20x" is not an integer' },
    { line: 16, reason: "expected 5 fields (per #Fields on line 3), found 6" },
  ];

  it("reports each bad line with its number and reason, and keeps the good lines around them", async () => {
    const { records, errors, chunks } = await parse([buf]);
    expect(errors).toEqual(expectedErrors);
    expect(records.map((r) => [r.line, r.uriStem])).toEqual([
      [4, "/ok1"],
      [12, "/ipv6"],
      [17, "/ok3"],
    ]);
    expect(byLine(records, 4)).toMatchObject({ time: utc("2024-05-14T10:00:01Z"), clientIp: "1.2.3.4", status: 200 });
    expect(byLine(records, 12).clientIp).toBe("2001:db8::1");
    expect(chunks.at(-1)).toMatchObject({ linesRead: 17, bytesRead: buf.length });
  });

  it("gives the same result when every line is split across 7-byte pieces", async () => {
    const whole = await parse([buf]);
    const split = await parse(pieces(buf, 7));
    expect(split.errors).toEqual(expectedErrors);
    expect(split.records).toEqual(whole.records);
  });

  it("skips a huge line without buffering it, streamed in 64 KiB pieces", async () => {
    const piece = Buffer.alloc(64 * 1024, "x");
    let yielded = 0;
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from("#Fields: date time cs-uri-stem\n2024-05-14 10:00:00 /a\n2024-05-14 10:00:01 /");
      // 32 MiB without a line break.
      for (let i = 0; i < 512; i++) {
        yielded++;
        yield piece;
      }
      yield Buffer.from("\n2024-05-14 10:00:02 /c\n");
    }
    const chunks: ParseChunk[] = [];
    for await (const c of parseW3c(source(), {})) chunks.push(c);
    expect(yielded).toBe(512);
    expect(chunks.flatMap((c) => c.errors)).toEqual([{ line: 3, reason: "line is over 65536 bytes" }]);
    expect(chunks.flatMap((c) => c.records).map((r) => [r.line, r.uriStem])).toEqual([
      [2, "/a"],
      [4, "/c"],
    ]);
  });

  it("accepts a line of exactly 65536 bytes and rejects one of 65537, in one piece or many", async () => {
    const head = "2024-05-14 10:00:00 /";
    const exact = head + "a".repeat(65536 - head.length);
    const over = head + "a".repeat(65537 - head.length);
    const log = Buffer.from(`#Fields: date time cs-uri-stem\r\n${exact}\r\n${over}\r\n${exact}`);
    for (const input of [[log], [...pieces(log, 7)], [...pieces(log, 65535)]]) {
      const { records, errors } = await parse(input);
      expect(records.map((r) => [r.line, r.uriStem?.length])).toEqual([
        [2, 65536 - head.length + 1],
        [4, 65536 - head.length + 1],
      ]);
      expect(errors).toEqual([{ line: 3, reason: "line is over 65536 bytes" }]);
    }
  });

  it("counts multi-byte characters in bytes, and decodes them across pieces", async () => {
    const log = Buffer.from("#Fields: date time cs-uri-stem\n2024-05-14 10:00:00 /café/日本\n");
    const whole = await parse([log]);
    expect(whole.records[0]!.uriStem).toBe("/café/日本");
    const split = await parse(pieces(log, 1));
    expect(split.records).toEqual(whole.records);
  });

  it("validates calendar dates and time ranges", async () => {
    const log = [
      "#Fields: date time c-ip",
      "2024-02-29 23:59:59 1.2.3.4", // 2: leap day
      "2023-02-29 00:00:00 1.2.3.4", // 3
      "2024-13-01 00:00:00 1.2.3.4", // 4
      "2024-04-31 00:00:00 1.2.3.4", // 5
      "2024-05-14 12:60:00 1.2.3.4", // 6
      "2024-05-14 12:00:60 1.2.3.4", // 7
      "24-05-14 12:00:00 1.2.3.4", // 8
      "1994-12-31 23:59:59 1.2.3.4", // 9: before the accepted range
      "2024-05-14 12:00:00.250 1.2.3.4", // 10: fractional seconds
    ].join("\n");
    const { records, errors } = await parse([log]);
    expect(records.map((r) => [r.line, r.time])).toEqual([
      [2, utc("2024-02-29T23:59:59Z")],
      [10, utc("2024-05-14T12:00:00.250Z")],
    ]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it("reports times before 1995 or after tomorrow as line errors, keeping the lines around them", async () => {
    const maxTime = utc("2026-12-05T12:00:00Z");
    const log = [
      "#Fields: date time c-ip",
      "9999-12-31 23:59:59 1.2.3.4", // 2
      "2024-05-14 10:00:00 1.2.3.4", // 3
      "0001-01-01 00:00:00 1.2.3.4", // 4
      "2026-12-05 12:00:00 1.2.3.4", // 5: exactly the bound
      "2026-12-05 12:00:01 1.2.3.4", // 6
      "1995-01-01 00:00:00 1.2.3.4", // 7: the first accepted second
    ].join("\n");
    const { records, errors } = await parse([log], { maxTime });
    expect(records.map((r) => r.line)).toEqual([3, 5, 7]);
    expect(errors).toEqual([
      { line: 2, reason: "date 9999-12-31 is outside 1995-01-01 … 2026-12-05 12:00:00 UTC" },
      { line: 4, reason: "date 0001-01-01 is outside 1995-01-01 … 2026-12-05 12:00:00 UTC" },
      { line: 6, reason: "date 2026-12-05 12:00:01 UTC is outside 1995-01-01 … 2026-12-05 12:00:00 UTC" },
    ]);
  });

  it("checks integer ranges: int4 for status and time-taken, safe integers for byte counts", async () => {
    const log = [
      "#Fields: date time sc-status sc-win32-status sc-bytes time-taken s-port",
      "2024-05-14 10:00:00 200 2148074254 9007199254740991 2147483647 443", // 2: all at their limits
      "2024-05-14 10:00:00 200 0 9007199254740992 0 443", // 3
      "2024-05-14 10:00:00 200 0 0 0 -1", // 4
      "2024-05-14 10:00:00 200 0 0 1.5 80", // 5
    ].join("\n");
    const { records, errors } = await parse([log]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      win32Status: 2148074254,
      bytesSent: 9007199254740991,
      timeTaken: 2147483647,
      serverPort: 443,
    });
    expect(errors).toEqual([
      { line: 3, reason: 'sc-bytes "9007199254740992" is out of range (0..9007199254740991)' },
      { line: 4, reason: 's-port "-1" is not an integer' },
      { line: 5, reason: 'time-taken "1.5" is not an integer' },
    ]);
  });

  it("checks s-ip too, and stores IPv6 without its zone", async () => {
    const log = [
      "#Fields: date time s-ip c-ip",
      "2024-05-14 10:00:00 10.0.0.5 fe80::1%12",
      "2024-05-14 10:00:01 10.0.0.500 1.2.3.4",
      "2024-05-14 10:00:02 10.0.0.5 01.2.3.4",
      "2024-05-14 10:00:03 ::ffff:10.0.0.5 ::1",
    ].join("\n");
    const { records, errors } = await parse([log]);
    expect(records.map((r) => [r.line, r.serverIp, r.clientIp])).toEqual([
      [2, "10.0.0.5", "fe80::1"],
      [5, "::ffff:10.0.0.5", "::1"],
    ]);
    expect(errors).toEqual([
      { line: 3, reason: 's-ip "10.0.0.500" is not an IP address' },
      { line: 4, reason: 'c-ip "01.2.3.4" is not an IP address' },
    ]);
  });
});

describe("parseW3c directives", () => {
  it("takes the date from #Date when a block has no date field (old IIS)", async () => {
    const log = "#Date: 2024-05-14 00:00:00\n#Fields: time c-ip cs-uri-stem\n10:00:00 1.2.3.4 /a\n";
    const { records } = await parse([log]);
    expect(records[0]).toMatchObject({ time: utc("2024-05-14T10:00:00Z"), line: 3 });

    const noDate = await parse(["#Fields: time c-ip\n10:00:00 1.2.3.4\n"]);
    expect(noDate.errors).toEqual([{ line: 2, reason: "no date field (#Fields on line 1) and no #Date directive" }]);
  });

  it("lets a date field win over #Date, and ignores unknown fields and directives", async () => {
    const log = [
      "\uFEFF#Version: 1.0",
      "#Date: 2000-01-01 00:00:00",
      "#Remark: anything",
      "#Fields: date time x-custom cs-uri-stem CS(USER-AGENT)",
      "2024-05-14 10:00:00 whatever /a Agent+1",
    ].join("\n");
    const { records, errors } = await parse([log]);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      time: utc("2024-05-14T10:00:00Z"),
      uriStem: "/a",
      userAgent: "Agent+1",
      line: 5,
    });
  });
});

describe("parseW3c chunks", () => {
  it("yields chunks of chunkSize records, with growing counts", async () => {
    const buf = fixture("u_ex240514.log");
    const { chunks } = await parse([buf], { chunkSize: 4 });
    expect(chunks.map((c) => c.records.length)).toEqual([4, 2]);
    expect(chunks.map((c) => c.records[0]!.line)).toEqual([6, 10]);
    expect(chunks[0]!.linesRead).toBe(9);
    expect(chunks[1]).toMatchObject({ linesRead: 11, bytesRead: buf.length });
  });

  it("counts errors towards a chunk, and sends a last chunk that holds only errors", async () => {
    const { chunks } = await parse(["#Fields: date time\nbad\nbad\nbad\n"], { chunkSize: 2 });
    expect(chunks.map((c) => [c.records.length, c.errors.map((e) => e.line)])).toEqual([
      [0, [2, 3]],
      [0, [4]],
    ]);
  });

  it("sends one empty chunk with the counts for a file without requests", async () => {
    const log = "#Software: IIS\r\n#Fields: date time\r\n";
    const { chunks } = await parse([log]);
    expect(chunks).toEqual([{ records: [], errors: [], linesRead: 2, bytesRead: log.length }]);
  });
});
