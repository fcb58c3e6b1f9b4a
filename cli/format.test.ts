import { describe, expect, it } from "vitest";
import { formatWorkspaceCompat } from "./format";
import { COMMAND_SHAPE, FILE_SHAPE, compareRows } from "../lib/enrich/compare-workspace-compat";
import type { FileCompatRow } from "../lib/enrich/sentinel-compat";

const row = (ua: string, end: string): FileCompatRow => ({
  StartTime: "2024-05-14T10:05:20.000Z",
  EndTime: end,
  AttackerIP: "203.0.113.9",
  AttackerUserAgent: ua,
  SiteName: "W3SVC1",
  ShellLocation: "/up/sh.aspx",
  timestamp: "2024-05-14T10:05:20.000Z",
  IPCustomEntity: "203.0.113.9",
});

describe("formatWorkspaceCompat", () => {
  it("marks each row, names what differs, and shows attacker strings with control characters escaped", () => {
    const evil = "x\u001b[2J\u0007y";
    const file = compareRows(
      FILE_SHAPE,
      [row(evil, "2024-05-14T10:07:00.000Z")],
      [row(evil, "2024-05-14T10:06:00.000Z")],
    );
    const text = formatWorkspaceCompat({
      source: { id: 3, name: "Prod" },
      from: "2024-05-01T00:00:00.000Z",
      to: "2024-05-31T00:00:00.000Z",
      commandAlertEnrichment: {
        id: "c",
        name: "Web shell command alert enrichment",
        workspaceRows: 0,
        shellcaseRows: 0,
        partial: "PartialError: cut",
        counts: { same: 0, differs: 0, "workspace-only": 0, "shellcase-only": 0 },
        rows: compareRows(COMMAND_SHAPE, [], []),
      },
      fileAlertEnrichment: {
        id: "f",
        name: "Web shell file alert enrichment",
        workspaceRows: 1,
        shellcaseRows: 1,
        partial: null,
        counts: { same: 0, differs: 1, "workspace-only": 0, "shellcase-only": 0 },
        rows: file,
      },
    });
    expect(text).not.toMatch(/[\u0000-\u001f](?<!\n)/);
    expect(text).toContain(
      "≠ 2024-05-14T10:05:20.000Z … 2024-05-14T10:07:00.000Z  W3SVC1  /up/sh.aspx  203.0.113.9  x\\x1b[2J\\x07y",
    );
    expect(text).toContain('EndTime: workspace "2024-05-14T10:07:00.000Z", Shellcase "2024-05-14T10:06:00.000Z"');
    expect(text).toContain("the workspace answered in part (PartialError: cut)");
    expect(text).toContain("0 same, 1 differ, 0 in the workspace only, 0 in Shellcase only");
  });
});
