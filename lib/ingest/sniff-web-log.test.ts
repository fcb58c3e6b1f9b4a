import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sniffWebLog, w3cIisLogField } from "./sniff-web-log";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/iis");
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const sniff = (content: string | Buffer, name = "upload") =>
  sniffWebLog(typeof content === "string" ? Buffer.from(content) : content, name);

const SECURITY_ALERT_EXPORT = JSON.stringify(
  {
    _comment: "SecurityAlert rows exported from the same workspace",
    rows: [
      {
        TenantId: "00000000-0000-0000-0000-000000000000",
        TimeGenerated: "2024-05-14T10:05:12.1234567Z",
        DisplayName: "Possible web shell installation",
        ProviderName: "MDATP",
        SystemAlertId: "7f3c2a10-5b6d-4e8f-9a01-b2c3d4e5f601",
        Entities: '[{"$id":"2","Type":"host","HostName":"web01"}]',
      },
    ],
  },
  null,
  2,
);

describe("sniffWebLog", () => {
  it.each([
    "brianary_u_ex160110.log",
    "brianary_u_ex100815.log",
    "brianary_ex960101.log",
    "elastic-beats_access-full.log",
    "elastic-beats_test.log",
    "u_ex240514.log",
  ])("%s is w3c", (name) => {
    expect(sniffWebLog(fixture(name), name)).toEqual({ format: "w3c" });
  });

  it("strips a UTF-8 BOM", () => {
    expect(sniff(Buffer.concat([BOM, fixture("u_ex240514.log")]))).toEqual({ format: "w3c" });
    expect(
      sniff(Buffer.concat([BOM, Buffer.from('[{"TimeGenerated":"2024-05-14T10:00:00Z","cIP":"1.2.3.4"}]')])),
    ).toEqual({
      format: "w3ciislog-json",
    });
    expect(sniff(BOM)).toEqual({ rejected: "file is empty" });
  });

  it("rejects empty and binary files", () => {
    expect(sniff("")).toEqual({ rejected: "file is empty" });
    expect(sniff("\r\n\n  \n")).toEqual({ rejected: "file is empty (only blank lines)" });
    const binary = { rejected: "not a text log (binary content)" };
    expect(sniff(gzipSync(fixture("u_ex240514.log")), "u_ex240514.log.gz")).toEqual(binary);
    expect(sniff(Buffer.from("#Fields: date time\n2024-05-14 10:00:00\u0000\n"))).toEqual(binary);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251 || 1;
    expect(sniff(noise)).toEqual(binary);
  });

  it("rejects W3C-looking data without any #Fields directive", () => {
    expect(sniff("2024-05-14 10:00:00 10.0.0.5 GET / - 443\n")).toEqual({
      rejected: "no #Fields directive: not an IIS W3C log",
    });
    expect(sniff("#Software: Microsoft Internet Information Services 10.0\n2024-05-14 10:00:00 GET /\n")).toEqual({
      rejected: "no #Fields directive: not an IIS W3C log",
    });
    // Directives but no requests yet: an (empty) W3C log.
    expect(sniff("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n")).toEqual({
      format: "w3c",
    });
  });

  it("recognises W3CIISLog JSON in its three shapes", () => {
    expect(sniff('[{"TimeGenerated":"2024-05-14T10:00:00Z","csUriStem":"/a"}]')).toEqual({ format: "w3ciislog-json" });
    expect(sniff('{"rows":[{"TimeGenerated":"2024-05-14T10:00:00Z","sComputerName":"WEB01"}]}')).toEqual({
      format: "w3ciislog-json",
    });
    const rest = {
      tables: [
        {
          name: "PrimaryResult",
          columns: [
            { name: "TimeGenerated", type: "datetime" },
            { name: "cIP", type: "string" },
          ],
          rows: [],
        },
      ],
    };
    expect(sniff(JSON.stringify(rest))).toEqual({ format: "w3ciislog-json" });
    expect(sniff("[]")).toEqual({ format: "w3ciislog-json" });
    // The first row does not end within the head: the parser decides.
    expect(sniff('[{"TenantId":"t","Computer":"web01","TimeGenerated":"2024-05-14T')).toEqual({
      format: "w3ciislog-json",
    });
  });

  it("rejects JSON of another table, naming its keys", () => {
    const result = sniff(SECURITY_ALERT_EXPORT, "alerts.json");
    expect(result).toEqual({
      rejected:
        "JSON, but not W3CIISLog rows (found keys SystemAlertId, TenantId, TimeGenerated, DisplayName, ProviderName, Entities)",
    });
    expect(sniff('{"value":[{"id":1}]}')).toEqual({
      rejected: 'JSON, but not W3CIISLog rows (no "rows" or "tables" array; found keys value)',
    });
    expect(sniff('{"rows": [1, }')).toMatchObject({ rejected: expect.stringMatching(/^not valid JSON/) });
  });

  it("recognises a W3CIISLog CSV export by its header", () => {
    const portal =
      '"TimeGenerated [UTC]",sSiteName,sComputerName,csUriStem,cIP,scStatus\r\n"5/14/2024, 10:02:13.000 AM",W3SVC1,WEB01,/a,1.2.3.4,200\r\n';
    expect(sniff(portal, "query_data.csv")).toEqual({ format: "w3ciislog-csv" });
    expect(sniff("TenantId,TimeGenerated,cIP\nt,2024-05-14T10:00:00Z,1.2.3.4\n")).toEqual({ format: "w3ciislog-csv" });
  });

  it("rejects other CSV and random text with a reason", () => {
    expect(sniff("TimeGenerated,AlertName,SystemAlertId\n2024-05-14T10:00:00Z,x,y\n", "alerts.csv")).toEqual({
      rejected: "CSV with TimeGenerated, but not a W3CIISLog export (no csUriStem or cIP column)",
    });
    expect(sniff('"TimeGenerated [Local Time]",csUriStem,cIP\n')).toEqual({
      rejected: "CSV export with local times: export W3CIISLog with TimeGenerated in UTC",
    });
    expect(sniff("name,age\nbob,4\n", "people.csv")).toEqual({
      rejected: 'a CSV without W3CIISLog columns (starts with "name,age")',
    });
    expect(sniff("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n", "notes.txt")).toEqual({
      rejected: 'not an IIS W3C log or W3CIISLog export (starts with "Lorem ipsum dolor sit amet, consectetur…")',
    });
    expect(sniff("# Notes\nnothing here\n", "README.md")).toMatchObject({
      rejected: expect.stringContaining("not an IIS W3C log"),
    });
  });
});

describe("w3cIisLogField", () => {
  it("maps W3CIISLog columns case-insensitively, with the portal's [UTC] suffix", () => {
    expect(w3cIisLogField("TimeGenerated [UTC]")).toBe("time");
    expect(w3cIisLogField("timegenerated")).toBe("time");
    expect(w3cIisLogField("csUserAgent")).toBe("userAgent");
    expect(w3cIisLogField("SCWIN32STATUS")).toBe("win32Status");
    expect(w3cIisLogField("Computer")).toBeNull();
    expect(w3cIisLogField("TimeGenerated [Local Time]")).toBeNull();
  });
});
