import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AlertFileRejected } from "./alert-source-row";
import { parseAlertFile } from "./parse-alert-file";
import type { ParsedAlert } from "./parsed-alert";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/alerts");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");

const FILE_ALERT_ID = "7f3c2a10-5b6d-4e8f-9a01-b2c3d4e5f601";
const CMD_ALERT_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const CMD_LINE = String.raw`cmd.exe /c cd /d "C:\inetpub\wwwroot\aspnet_client\system_web"&whoami /all&echo [S]&cd&echo [E]`;

type SampleRow = Record<string, unknown> & { Entities: string; SystemAlertId: string };
const sampleRows = (): SampleRow[] => (JSON.parse(fixture("mde-webshell-alerts.json")) as { rows: SampleRow[] }).rows;

/** What must not depend on the input format. */
function normalised(a: ParsedAlert) {
  const { raw: _raw, entities: _entities, ...rest } = a;
  return rest;
}

function byId(alerts: ParsedAlert[], id: string): ParsedAlert {
  const a = alerts.find((x) => x.systemAlertId === id);
  if (!a) throw new Error(`no alert ${id}`);
  return a;
}

/** The Log Analytics REST shape, built from the sample rows. */
function restShape(rows: Record<string, unknown>[]): string {
  const names = Object.keys(rows[0]!);
  return JSON.stringify({
    tables: [
      {
        name: "PrimaryResult",
        columns: names.map((name) => ({
          name,
          type: name.endsWith("Time") || name === "TimeGenerated" ? "datetime" : "string",
        })),
        rows: rows.map((r) => names.map((n) => r[n])),
      },
    ],
  });
}

const formats: [string, () => string][] = [
  ["{rows} JSON (the shared sample)", () => fixture("mde-webshell-alerts.json")],
  ["JSON Lines", () => fixture("mde-webshell-alerts.jsonl")],
  ["portal CSV", () => fixture("mde-webshell-alerts.csv")],
  ["plain array with parsed Entities and an inline ImageFile", () => fixture("mde-webshell-alerts.array.json")],
  ["Log Analytics REST tables", () => restShape(sampleRows())],
];

describe.each(formats)("parseAlertFile: %s", (_label, load) => {
  // Deliberately named .txt: the format comes from the content.
  let alerts: ParsedAlert[] = [];
  let errors: { row: number; reason: string }[] = [];
  beforeAll(async () => {
    ({ alerts, errors } = await parseAlertFile(load(), "export.txt"));
  });

  it("yields both alerts and no errors", async () => {
    expect(errors).toEqual([]);
    expect(alerts.map((a) => a.systemAlertId)).toEqual([FILE_ALERT_ID, CMD_ALERT_ID]);
  });

  it("reads the alert columns", async () => {
    const file = byId(alerts, FILE_ALERT_ID);
    const cmd = byId(alerts, CMD_ALERT_ID);
    expect(file.displayName).toBe("Possible web shell installation");
    expect(cmd.displayName).toBe("Suspicious processes indicative of a web shell");
    expect(file.timeGenerated.toISOString()).toBe("2024-05-14T10:02:15.000Z");
    expect(cmd.timeGenerated.toISOString()).toBe("2024-05-14T10:07:40.000Z");
    expect(cmd.startTime?.toISOString()).toBe("2024-05-14T10:07:31.882Z");
    expect(file.endTime?.toISOString()).toBe("2024-05-14T10:02:05.441Z");
    expect(cmd.providerName).toBe("MDATP");
    expect(cmd.severity).toBe("High");
    expect(cmd.vendorOriginalId).toBe("da638512776518821043_1029384756");
    expect(cmd.compromisedEntity).toBe("web01.contoso.local");
    expect(cmd.tactics).toEqual(["Persistence", "Execution"]);
    expect(cmd.techniques).toEqual(["T1505", "T1059"]);
    expect(file.tactics).toEqual(["Persistence"]);
    expect(cmd.extendedProperties).toEqual({
      "MicrosoftDefenderAtp.Category": "SuspiciousActivity",
      "MicrosoftDefenderAtp.InvestigationState": "Queued",
    });
  });

  it("reads the hosts", async () => {
    for (const a of alerts) {
      expect(a.hosts).toEqual([
        { entityId: "2", hostName: "web01", dnsDomain: "contoso.local", fqdn: "web01.contoso.local" },
      ]);
    }
  });

  it("reads the file alert's script file with its hashes", async () => {
    const shell = byId(alerts, FILE_ALERT_ID).files.find((f) => f.name === "Setconfigure.aspx");
    expect(shell).toMatchObject({
      entityId: "3",
      directory: String.raw`C:\inetpub\wwwroot\aspnet_client\system_web`,
      sha1: "9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
      sha256: "b1c2d3e4f5a6978877665544332211009988aabbccddeeff0011223344556677",
      md5: null,
    });
  });

  it("links the command alert's cmd.exe process to its image file and w3wp parent", async () => {
    const cmd = byId(alerts, CMD_ALERT_ID);
    const proc = cmd.processes.find((p) => p.entityId === "10");
    expect(proc).toEqual({
      entityId: "10",
      processId: "7364",
      commandLine: CMD_LINE,
      creationTimeUtc: new Date("2024-05-14T10:07:31.882Z"),
      imageFileRef: "8",
      parentRef: "7",
      accountName: String.raw`IIS APPPOOL\DefaultAppPool`,
      hostRef: "2",
    });
    expect(cmd.files.filter((f) => f.entityId === "8")).toEqual([
      expect.objectContaining({
        name: "cmd.exe",
        directory: String.raw`C:\Windows\System32`,
        sha1: "ded8fd7f36417f66eb6ada10e0c0d7c0022986e9",
      }),
    ]);
    const parent = cmd.processes.find((p) => p.entityId === proc?.parentRef);
    expect(parent?.processId).toBe("5844");
    expect(cmd.files.find((f) => f.entityId === parent?.imageFileRef)?.name).toBe("w3wp.exe");
    expect(cmd.processes).toHaveLength(2);
    expect(cmd.files.map((f) => f.entityId).sort()).toEqual(["3", "8"]);
  });

  it("gives the same normalised alerts as the shared sample", async () => {
    const reference = (await parseAlertFile(fixture("mde-webshell-alerts.json"), "sample.json")).alerts;
    const sortFiles = (a: ReturnType<typeof normalised>) => ({
      ...a,
      files: [...a.files].sort((x, y) => x.entityId.localeCompare(y.entityId)),
    });
    expect(alerts.map(normalised).map(sortFiles)).toEqual(reference.map(normalised).map(sortFiles));
  });
});

describe("parseAlertFile: raw and entities as received", () => {
  it("keeps the row's strings untouched, 7-digit times included", async () => {
    const rows = sampleRows();
    const { alerts } = await parseAlertFile(fixture("mde-webshell-alerts.json"), "a.json");
    const cmd = byId(alerts, CMD_ALERT_ID);
    expect(cmd.raw.TimeGenerated).toBe("2024-05-14T10:07:40.0000000Z");
    expect(cmd.raw.StartTime).toBe("2024-05-14T10:07:31.8821043Z");
    expect(cmd.raw.Entities).toBe(rows[1]!.Entities);
    expect(cmd.raw).toEqual(rows[1]);
    expect(cmd.entities).toEqual(JSON.parse(rows[1]!.Entities));
    expect(cmd.entities[5]).toMatchObject({ $id: "10", ImageFile: { $ref: "8" } });
  });

  it("keeps the portal CSV's own column names and time text in raw", async () => {
    const { alerts } = await parseAlertFile(fixture("mde-webshell-alerts.csv"), "a.csv");
    const file = byId(alerts, FILE_ALERT_ID);
    expect(file.raw["TimeGenerated [UTC]"]).toBe("5/14/2024, 10:02:15.000 AM");
    expect(file.raw.Entities).toBe(sampleRows()[0]!.Entities);
  });

  it("resolves an inline ImageFile (the array fixture) and keeps it inline in entities", async () => {
    const { alerts } = await parseAlertFile(fixture("mde-webshell-alerts.array.json"), "a.json");
    const cmd = byId(alerts, CMD_ALERT_ID);
    const entity = (cmd.entities as unknown[]).find((e) => (e as { $id?: string }).$id === "10") as Record<
      string,
      unknown
    >;
    expect(entity.ImageFile).toMatchObject({ $id: "8", Name: "cmd.exe" });
    expect((cmd.entities as unknown[]).some((e) => (e as { $id?: string }).$id === "8")).toBe(false);
    expect(cmd.processes.find((p) => p.entityId === "10")?.imageFileRef).toBe("8");
    expect(cmd.files.find((f) => f.entityId === "8")?.sha1).toBe("ded8fd7f36417f66eb6ada10e0c0d7c0022986e9");
  });
});

describe("parseAlertFile: bad rows", () => {
  function rowsWithProblems(): Record<string, unknown>[] {
    const [good1, good2] = sampleRows();
    const missingId: Record<string, unknown> = { ...good1!, SystemAlertId: "" };
    const brokenEntities = { ...good1!, SystemAlertId: "broken-entities", Entities: '[{"$id": "2", "Type": }]' };
    const dangling = {
      ...good1!,
      SystemAlertId: "dangling",
      Entities: JSON.stringify([
        { $id: "2", Type: "host", HostName: "web01" },
        { $id: "3", Type: "process", CommandLine: "x", ImageFile: { $ref: "9" } },
      ]),
    };
    const badDate = { ...good1!, SystemAlertId: "bad-date", TimeGenerated: "yesterday" };
    return [good1!, missingId, brokenEntities, dangling, badDate, good2!];
  }

  it("reports each bad row by its index in a JSON array, and keeps the good rows", async () => {
    const { alerts, errors } = await parseAlertFile(JSON.stringify(rowsWithProblems()), "a.json");
    expect(alerts.map((a) => a.systemAlertId)).toEqual([FILE_ALERT_ID, "broken-entities", "dangling", CMD_ALERT_ID]);
    expect(errors).toEqual([
      { row: 2, reason: "SystemAlertId is missing" },
      { row: 5, reason: 'TimeGenerated "yesterday" is not a date' },
    ]);
  });

  it("keeps an alert whose Entities is not valid JSON, as text, with a warning", async () => {
    const { alerts } = await parseAlertFile(JSON.stringify(rowsWithProblems()), "a.json");
    const broken = byId(alerts, "broken-entities");
    expect(broken.entities).toBe('[{"$id": "2", "Type": }]');
    expect([broken.hosts, broken.files, broken.processes]).toEqual([[], [], []]);
    expect(broken.warnings).toEqual([
      expect.stringMatching(
        /^Entities is not valid JSON \(Unexpected token '}'.*\): kept as text; entities unreadable$/,
      ),
    ]);
  });

  it("keeps an alert with a dangling $ref, leaving the reference unresolved, with a warning", async () => {
    const { alerts } = await parseAlertFile(JSON.stringify(rowsWithProblems()), "a.json");
    const dangling = byId(alerts, "dangling");
    expect(dangling.processes).toEqual([expect.objectContaining({ entityId: "3", imageFileRef: null })]);
    expect(dangling.hosts.map((h) => h.hostName)).toEqual(["web01"]);
    expect(dangling.warnings).toEqual(['entity 2 has $ref "9" which points to no $id in this alert; left unresolved']);
    expect(byId(alerts, FILE_ALERT_ID).warnings).toEqual([]);
  });

  it("reports JSON Lines rows by line number, blank lines and broken lines included", async () => {
    const [good1, missingId, , , badDate, good2] = rowsWithProblems().map((r) => JSON.stringify(r));
    const text = [good1, "", "{not json", missingId, "", badDate, good2, ""].join("\r\n");
    const { alerts, errors } = await parseAlertFile(text, "a.jsonl");
    expect(alerts.map((a) => a.systemAlertId)).toEqual([FILE_ALERT_ID, CMD_ALERT_ID]);
    expect(errors).toEqual([
      { row: 3, reason: expect.stringMatching(/^is not valid JSON: /) as unknown as string },
      { row: 4, reason: "SystemAlertId is missing" },
      { row: 6, reason: 'TimeGenerated "yesterday" is not a date' },
    ]);
  });

  it("reports CSV rows by the line they start on, across multi-line quoted cells", async () => {
    const header = "SystemAlertId,TimeGenerated,DisplayName,Description,Tactics,Entities";
    const entities = '"[{""$id"": ""2"", ""Type"": ""host"", ""HostName"": ""web01""}]"';
    const text = [
      header,
      `a1,2024-05-14T10:02:15.1234567Z,Shell,"line one\nline two, with a comma\nline ""three""",Persistence,${entities}`,
      `a2,not a time,Shell,,,`,
      `,2024-05-14T10:02:15Z,Shell,,,`,
      `a4,2024-05-14T10:02:16Z,Shell,,"Execution, Persistence",`,
    ].join("\n");
    const { alerts, errors } = await parseAlertFile(text, "a.csv");
    expect(errors).toEqual([
      { row: 5, reason: 'TimeGenerated "not a time" is not a date' },
      { row: 6, reason: "SystemAlertId is missing" },
    ]);
    expect(alerts.map((a) => a.systemAlertId)).toEqual(["a1", "a4"]);
    expect(alerts[0]!.description).toBe('line one\nline two, with a comma\nline "three"');
    expect(alerts[0]!.timeGenerated.toISOString()).toBe("2024-05-14T10:02:15.123Z");
    expect(alerts[0]!.hosts).toEqual([{ entityId: "2", hostName: "web01", dnsDomain: null, fqdn: null }]);
    expect(alerts[1]!.tactics).toEqual(["Execution", "Persistence"]);
    expect(alerts[1]!.entities).toEqual([]);
  });

  it("reports a CSV row with the wrong number of cells or an unclosed quote", async () => {
    const text =
      'SystemAlertId,TimeGenerated\na1,2024-05-14T10:02:15Z\na2,2024-05-14T10:02:15Z,extra\na3,"2024-05-14\n';
    const { alerts, errors } = await parseAlertFile(text, "a.csv");
    expect(alerts.map((a) => a.systemAlertId)).toEqual(["a1"]);
    expect(errors).toEqual([
      { row: 3, reason: "has 3 cells but the header has 2 columns" },
      { row: 4, reason: "has a quoted cell opened on line 4 that is never closed" },
    ]);
  });

  it("accepts US portal times with AM/PM and tactics as a JSON array", async () => {
    const rows = [
      {
        SystemAlertId: "x",
        "TimeGenerated [UTC]": "5/14/2024, 10:02:13.123 AM",
        StartTime: "5/14/2024, 12:00:01 AM",
        EndTime: "5/14/2024, 12:30:00.5 PM",
        Tactics: '["Persistence","Execution"]',
      },
    ];
    const [a] = (await parseAlertFile(JSON.stringify(rows), "a.json")).alerts;
    expect(a?.timeGenerated.toISOString()).toBe("2024-05-14T10:02:13.123Z");
    expect(a?.startTime?.toISOString()).toBe("2024-05-14T00:00:01.000Z");
    expect(a?.endTime?.toISOString()).toBe("2024-05-14T12:30:00.500Z");
    expect(a?.tactics).toEqual(["Persistence", "Execution"]);
  });

  it("falls back to AlertName for the display name and reads JSON rows with non-text cells as errors", async () => {
    const rows = [
      { SystemAlertId: "x", TimeGenerated: "2024-05-14T10:02:13Z", AlertName: "Possible IIS web shell" },
      { SystemAlertId: "y", TimeGenerated: "2024-05-14T10:02:13Z", DisplayName: { a: 1 } },
      { SystemAlertId: "z", TimeGenerated: "2024-05-14T10:02:13Z", Entities: "{}" },
      "not a row",
    ];
    const { alerts, errors } = await parseAlertFile(JSON.stringify(rows), "a.json");
    expect(alerts.map((a) => [a.systemAlertId, a.displayName])).toEqual([["x", "Possible IIS web shell"]]);
    expect(errors).toEqual([
      { row: 2, reason: "DisplayName must be text, not an object" },
      { row: 3, reason: "Entities must be a JSON array, not an object" },
      { row: 4, reason: "is not an object (it is a string)" },
    ]);
  });

  it("does not hang on a cycle of $refs or absurdly deep entities", async () => {
    const base = { TimeGenerated: "2024-05-14T10:02:13Z" };
    const deep = "[" + '{"Type":"process","ParentProcess":'.repeat(5000) + "{}" + "}".repeat(5000) + "]";
    const rows = [
      {
        ...base,
        SystemAlertId: "cycle",
        Entities: JSON.stringify([
          { $id: "1", Type: "process", ParentProcess: { $ref: "2" } },
          { $id: "2", Type: "process", ParentProcess: { $ref: "1" } },
        ]),
      },
      { ...base, SystemAlertId: "deep", Entities: deep },
      {
        ...base,
        SystemAlertId: "self",
        Entities: JSON.stringify([{ $id: "1", Type: "process", ParentProcess: { $ref: "1" } }]),
      },
    ];
    const { alerts, errors } = await parseAlertFile(JSON.stringify(rows), "a.json");
    expect(errors).toEqual([{ row: 2, reason: "entity 1 is nested more than 32 levels deep" }]);
    // The forward $ref resolves; the loop it closes is cut. A self $ref is left unresolved.
    expect(alerts.map((a) => [a.systemAlertId, a.processes.map((p) => p.parentRef), a.warnings])).toEqual([
      [
        "cycle",
        ["2", null],
        ['process "2" has a ParentProcess chain that leads back to itself; its parent was left unresolved'],
      ],
      ["self", [null], ['entity 1 has $ref "1" to itself or an object containing it; left unresolved']],
    ]);
  });
});

describe("parseAlertFile: other shapes", () => {
  it("strips a BOM and reads a single-row JSON Lines file", async () => {
    const row = sampleRows()[1]!;
    const { alerts } = await parseAlertFile("\uFEFF" + JSON.stringify(row) + "\n", "one.jsonl");
    expect(alerts.map((a) => a.systemAlertId)).toEqual([CMD_ALERT_ID]);
  });

  it("accepts an empty query result that has a SystemAlertId column", async () => {
    const text = JSON.stringify({
      tables: [{ name: "PrimaryResult", columns: [{ name: "SystemAlertId", type: "string" }], rows: [] }],
    });
    expect(await parseAlertFile(text, "a.json")).toEqual({ alerts: [], errors: [] });
    expect(await parseAlertFile("SystemAlertId,TimeGenerated\r\n", "a.csv")).toEqual({ alerts: [], errors: [] });
  });

  it("reports a REST row with the wrong number of cells", async () => {
    const text = JSON.stringify({
      tables: [
        {
          columns: [
            { name: "SystemAlertId", type: "string" },
            { name: "TimeGenerated", type: "datetime" },
          ],
          rows: [["a", "2024-05-14T10:02:13.1234567Z"], ["b"]],
        },
      ],
    });
    const { alerts, errors } = await parseAlertFile(text, "a.json");
    expect(alerts.map((a) => a.raw)).toEqual([{ SystemAlertId: "a", TimeGenerated: "2024-05-14T10:02:13.1234567Z" }]);
    expect(errors).toEqual([{ row: 2, reason: "has 1 cells but there are 2 columns" }]);
  });
});

describe("parseAlertFile: files that are not alerts", () => {
  const rejects = async (text: string, message?: RegExp) => {
    await expect(parseAlertFile(text, "upload.dat")).rejects.toThrow(AlertFileRejected);
    if (message) await expect(parseAlertFile(text, "upload.dat")).rejects.toThrow(message);
  };

  it("rejects an empty file", async () => {
    await rejects("", /"upload\.dat" is empty/);
    await rejects("\uFEFF \r\n\n", /is empty/);
  });

  it("rejects a binary file", async () => {
    await rejects("\u001f\u008b\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0003abc", /not a text file/);
    await rejects("PK\u0003\u0004\u0014\u0000\u0006\u0000", /not a text file/);
  });

  it("rejects JSON of something else", async () => {
    const iis = [
      {
        TimeGenerated: "2024-05-14T10:07:31Z",
        sSiteName: "W3SVC1",
        csUriStem: "/a.aspx",
        cIP: "203.0.113.7",
        csUserAgent: "curl/8.0",
      },
    ];
    await rejects(JSON.stringify(iis), /W3CIISLog/);
    await rejects(JSON.stringify({ rows: iis }), /W3CIISLog/);
    await rejects(JSON.stringify({ hello: "world" }), /no row has a SystemAlertId/);
    await rejects("42", /not a SecurityAlert export/);
    await rejects("[]", /holds no rows/);
    await rejects(JSON.stringify([[1, 2]]), /no row has a SystemAlertId/);
    await rejects(
      JSON.stringify({ tables: [{ columns: [{ name: "csUriStem", type: "string" }], rows: [] }] }),
      /W3CIISLog/,
    );
    await rejects("[1, 2", /not valid JSON/);
  });

  it("rejects JSON Lines where no line is JSON", async () => {
    await rejects("{oops\n{still not\n", /neither JSON nor JSON Lines/);
  });

  it("rejects CSV without a SystemAlertId column, and other text", async () => {
    await rejects("TimeGenerated [UTC],sSiteName,csUriStem,cIP\n5/14/2024, x", /W3CIISLog/);
    await rejects(
      'DisplayName,TimeGenerated\n"Possible web shell installation",2024-05-14T10:02:15Z\n',
      /no SystemAlertId column/,
    );
    await rejects(
      "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time cs-uri-stem\n2024-05-14 10:07:31 /a.aspx\n",
      /no SystemAlertId column/,
    );
  });

  it("is an Error with a user-facing message", async () => {
    try {
      await parseAlertFile("", "alerts.csv");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe("AlertFileRejected");
      expect((e as Error).message).toBe('"alerts.csv" is empty.');
    }
  });
});
