// Golden text of every KQL template (lib/sentinel/kql/golden/<name>.kql, shown in
// docs/sentinel.md) and the escaping of values that come from data: a change to a query's text
// must be deliberate (UPDATE_GOLDEN=1 npx vitest run lib/sentinel/kql rewrites the files), and no
// value, however crafted, can change the query around it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kqlLiteral, kqlString, parseLiteral } from "./literal";
import { parseTemplateQuery } from "./template";
import * as t from "./templates";

const GOLDEN = join(import.meta.dirname, "golden");
const T0 = new Date("2024-05-14T10:05:31.000Z");
const T1 = new Date("2024-05-14T10:07:41.500Z");

// One build per template with values an attacker could have chosen.
const EXAMPLES = {
  ping: t.ping.build({}),
  "alerts-since": t.alertsSince.build({ fromIngestion: T0, toIngestion: T1, maxRows: 5000 }),
  "hosts-matching": t.hostsMatching.build({ keys: ["web01", "web01.contoso.com"], fromTime: T0, toTime: T1 }),
  "requests-in-window": t.requestsInWindow.build({ hosts: ["WEB01"], fromTime: T0, toTime: T1, maxRows: 100000 }),
  "page-history": t.pageHistory.build({
    host: "WEB01",
    site: "W3SVC1",
    stem: '/uploads/"x".aspx',
    fromTime: T0,
    toTime: T1,
    rareThreshold: 3,
    firstLook: 200,
    sample: 20000,
  }),
  "file-requests": t.fileRequests.build({
    hosts: ["WEB01", "WEB02"],
    suffix: "/system_web/help.aspx",
    fromTime: T0,
    toTime: T1,
    maxRows: 200,
  }),
  "last-post-before": t.lastPostBefore.build({
    hosts: ["WEB01"],
    ips: ["203.0.113.7", "2001:db8::1"],
    excludeStem: "/uploads/help.aspx",
    fromTime: T0,
    toTime: T1,
  }),
  "attacker-requests": t.attackerRequests.build({
    host: "",
    site: "",
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0+(Windows+NT+10.0)",
    scriptsOnly: false,
    fromTime: T0,
    toTime: T1,
    maxRows: 50000,
  }),
  "first-access": t.firstAccess.build({
    host: "WEB01",
    site: "W3SVC1",
    ip: "",
    userAgent: 'curl/8.0 \\ "quoted"',
    fromTime: T0,
    toTime: T1,
  }),
  "incidents-for-alerts": t.incidentsForAlerts.build({ alertIds: ["3b8c0e7c-1f0a-4f8e-9d7e-5a1b2c3d4e5f"] }),
};

describe("KQL templates", () => {
  it("has one golden example per template", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(t.TEMPLATES.map((x) => x.name).sort());
  });

  for (const [name, query] of Object.entries(EXAMPLES)) {
    it(`${name}: matches its golden text`, () => {
      const path = join(GOLDEN, `${name}.kql`);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, query.text + "\n");
      expect(query.text + "\n").toBe(readFileSync(path, "utf8"));
    });

    it(`${name}: names itself and reads every value back from its let statements`, () => {
      const parsed = parseTemplateQuery(query.text);
      expect(parsed?.template).toBe(name);
      expect(parsed?.params).toEqual(query.params);
    });
  }

  it("refuses a missing parameter instead of sending a query without it", () => {
    expect(() => t.requestsInWindow.build({ hosts: ["WEB01"], fromTime: T0, toTime: T1 } as never)).toThrow(
      /maxRows missing/,
    );
  });
});

describe("KQL literals", () => {
  const nasty = [
    'a"b',
    "back\\slash",
    "ends with backslash\\",
    '\\"',
    "line\nbreak",
    "cr\rlf\r\n",
    "tab\there",
    "nul\u0000byte",
    "WEB-ÄÖÜ-ß",
    "用户代理",
    "emoji 🐚",
    '"; SecurityAlert | take 1 //',
    "x\n| union SecurityAlert",
    "/* comment */ //",
    "",
  ];

  for (const v of nasty) {
    it(`round-trips ${JSON.stringify(v)} as host, user agent and URI`, () => {
      const q = t.firstAccess.build({
        host: v,
        site: "W3SVC1",
        ip: "",
        userAgent: v,
        fromTime: T0,
        toTime: T1,
      });
      expect(parseTemplateQuery(q.text)?.params).toEqual(q.params);
      // The literal is one line of text: a value can never start a line (a statement) of its own.
      const lines = q.text.split("\n");
      expect(lines.slice(1, 7).every((l) => l.startsWith("let ") && l.endsWith(";"))).toBe(true);
      expect(lines[7]).toBe("");
      expect(lines.slice(8).join("\n")).toBe(t.firstAccess.body);
      const file = t.fileRequests.build({
        hosts: [v],
        suffix: `/${v}/${v}.aspx`,
        fromTime: T0,
        toTime: T1,
        maxRows: 1,
      });
      expect(parseTemplateQuery(file.text)?.params).toEqual(file.params);
    });
  }

  it("escapes quotes and backslashes in printable ASCII and nothing else", () => {
    expect(kqlString('say "hi"')).toBe('"say \\"hi\\""');
    expect(kqlString("C:\\inetpub\\wwwroot")).toBe('"C:\\\\inetpub\\\\wwwroot"');
    expect(kqlString("Mozilla/5.0+(Windows+NT)")).toBe('"Mozilla/5.0+(Windows+NT)"');
  });

  it("writes newlines, control characters and non-ASCII as base64, which holds no quote", () => {
    const lit = kqlString("WEB\n01");
    expect(lit).toBe(`base64_decode_tostring("${Buffer.from("WEB\n01").toString("base64")}")`);
    expect(lit).not.toMatch(/\n/);
    expect(kqlString("Größe")).toMatch(/^base64_decode_tostring\("[A-Za-z0-9+/=]+"\)$/);
    expect(parseLiteral(kqlString("Größe"))[0]).toBe("Größe");
  });

  it("writes times with 7 fractional digits and numbers as long()", () => {
    expect(kqlLiteral(T1)).toBe("datetime(2024-05-14T10:07:41.5000000Z)");
    expect(kqlLiteral(42)).toBe("long(42)");
    expect(kqlLiteral(["a", "b"])).toBe('pack_array("a", "b")');
    expect(kqlLiteral([])).toBe("dynamic([])");
    expect(() => kqlLiteral(1.5)).toThrow(/safe integer/);
    expect(() => kqlLiteral(new Date(Number.NaN))).toThrow(/invalid date/);
  });
});

describe("docs/sentinel.md", () => {
  it("shows every template's golden text exactly", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "sentinel.md"), "utf8");
    for (const name of Object.keys(EXAMPLES)) {
      expect(doc, name).toContain("```kusto\n" + readFileSync(join(GOLDEN, `${name}.kql`), "utf8") + "```");
    }
  });
});
