import { describe, expect, it } from "vitest";
import { COMMAND_SHAPE, FILE_SHAPE, commandRowOf, compareRows, fileRowOf } from "./compare-workspace-compat";
import type { CommandCompatRow, FileCompatRow } from "./sentinel-compat";

const cmd = (over: Partial<CommandCompatRow> = {}): CommandCompatRow => ({
  Site: ["W3SVC1"],
  ShellLocation: "/up/sh.aspx",
  ShellName: "sh.aspx",
  ParentProcess: "cmd.exe",
  CommandLine: "cmd /c whoami",
  Attacker: { "203.0.113.9": "curl/8.0" },
  HostName: "WEB01",
  IPCustomEntity: "203.0.113.9",
  timestamp: "2024-05-14T10:05:20.000Z",
  PageAccessed: "/up/sh.aspx",
  dcount_SourceIP: 1,
  ...over,
});

const file = (over: Partial<FileCompatRow> = {}): FileCompatRow => ({
  StartTime: "2024-05-14T10:05:20.000Z",
  EndTime: "2024-05-14T10:07:00.000Z",
  AttackerIP: "203.0.113.9",
  AttackerUserAgent: "curl/8.0",
  SiteName: "W3SVC1",
  ShellLocation: "/up/sh.aspx",
  timestamp: "2024-05-14T10:05:20.000Z",
  IPCustomEntity: "203.0.113.9",
  ...over,
});

describe("compareRows", () => {
  it("pairs rows by the query's group-by columns and names the columns that differ", () => {
    const rows = compareRows(
      FILE_SHAPE,
      [file(), file({ AttackerIP: "198.51.100.1", IPCustomEntity: "198.51.100.1" })],
      [file({ EndTime: "2024-05-14T10:06:00.000Z" }), file({ ShellLocation: "/b.aspx" })],
    );
    // Same StartTime: then by ShellLocation, then AttackerIP.
    expect(rows.map((r) => [r.status, r.differences])).toEqual([
      ["shellcase-only", []],
      ["workspace-only", []],
      ["differs", ["EndTime"]],
    ]);
  });

  it("treats make_set and make_bag as unordered, and a second copy of a row as a row of its own", () => {
    const w = cmd({ Site: ["W3SVC2", "W3SVC1"], Attacker: { b: "2", a: "1" } });
    const s = cmd({ Site: ["W3SVC1", "W3SVC2"], Attacker: { a: "1", b: "2" } });
    expect(compareRows(COMMAND_SHAPE, [w], [s, s]).map((r) => r.status)).toEqual(["same", "shellcase-only"]);
    expect(compareRows(COMMAND_SHAPE, [w], [cmd({ dcount_SourceIP: 3 })])[0]).toMatchObject({
      status: "differs",
      differences: ["Site", "Attacker", "dcount_SourceIP"],
    });
  });

  it("lists rows by time", () => {
    const late = cmd({ timestamp: "2024-05-14T11:00:00.000Z", CommandLine: "a" });
    const early = cmd({ timestamp: "2024-05-14T09:00:00.000Z", CommandLine: "z" });
    expect(compareRows(COMMAND_SHAPE, [late], [early]).map((r) => r.status)).toEqual([
      "shellcase-only",
      "workspace-only",
    ]);
  });
});

describe("the workspace's cells", () => {
  it("become the port's rows: dynamic parsed, datetimes as ISO, longs as numbers", () => {
    // The client gives datetime cells as Date and dynamic cells parsed.
    expect(commandRowOf({ ...cmd(), timestamp: new Date("2024-05-14T10:05:20Z") })).toEqual(cmd());
    expect(commandRowOf({ ...cmd(), Site: "W3SVC1", Attacker: null, dcount_SourceIP: "2" })).toMatchObject({
      Site: ["W3SVC1"],
      Attacker: {},
      dcount_SourceIP: 2,
    });
    expect(
      fileRowOf({
        StartTime: new Date("2024-05-14T10:05:20Z"),
        EndTime: "2024-05-14T10:07:00.0000000Z",
        AttackerIP: "203.0.113.9",
        AttackerUserAgent: "curl/8.0",
        SiteName: "W3SVC1",
        ShellLocation: "/up/sh.aspx",
        timestamp: new Date("2024-05-14T10:05:20Z"),
        IPCustomEntity: "203.0.113.9",
      }),
    ).toEqual(file());
  });
});
