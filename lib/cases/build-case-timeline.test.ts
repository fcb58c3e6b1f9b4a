import { describe, expect, it } from "vitest";
import { buildCaseTimeline, MAX_RECON_EVENTS, type TimelineInput } from "./build-case-timeline";

const t = (s: string) => new Date(`2024-05-14T${s}Z`);

const finding = (over: Partial<TimelineInput["findings"][number]> = {}): TimelineInput["findings"][number] => ({
  id: 1,
  kind: "file",
  shellLocation: "/aspnet_client/x.aspx",
  firstShellAccess: t("10:02:13"),
  fileCreatedAt: t("10:02:05"),
  processCreatedAt: null,
  commandLine: null,
  installedVia: { time: "2024-05-14T10:01:44.000Z", method: "POST", uri: "/api/upload.ashx" },
  alert: { id: 7 },
  ...over,
});

describe("case timeline", () => {
  it("orders first access, recon, install, shell access, command and alert by time", () => {
    const events = buildCaseTimeline({
      findings: [
        finding(),
        finding({
          id: 2,
          kind: "command",
          fileCreatedAt: null,
          installedVia: null,
          processCreatedAt: t("10:07:31"),
          commandLine: "cmd.exe /c whoami",
          alert: { id: 8 },
        }),
      ],
      alerts: [
        {
          id: 8,
          name: "Possible IIS web shell",
          timeGenerated: t("10:09:00"),
          processes: [
            { commandLine: "cmd.exe /c whoami", creationTimeUtc: t("10:07:31"), imageName: "cmd.exe" },
            { commandLine: "w3wp.exe -ap DefaultAppPool", creationTimeUtc: t("09:00:00"), imageName: "W3WP.EXE" },
          ],
        },
      ],
      pivotRuns: [
        {
          id: 3,
          status: "done",
          result: {
            firstAccess: { time: "2024-05-14T09:55:00Z", uri: "/", method: "GET" },
            filesBefore: [
              { time: "2024-05-14T10:00:10Z", uriStem: "/login.aspx" },
              { TimeGenerated: "2024-05-14T10:01:00Z", csUriStem: "/upload.aspx", csMethod: "GET" },
              // The first shell request, which the pivots list last: the shell access, not recon.
              { time: "2024-05-14T10:02:13Z", uri: "/ASPNET_CLIENT/x.aspx", method: "POST" },
            ],
          },
        },
      ],
    });
    expect(events.map((e) => [e.kind, e.time.toISOString().slice(11, 19)])).toEqual([
      ["first_access", "09:55:00"],
      ["recon", "10:00:10"],
      ["recon", "10:01:00"],
      ["install", "10:01:44"],
      ["install", "10:02:05"],
      ["shell_access", "10:02:13"],
      ["command", "10:07:31"],
      ["alert", "10:09:00"],
    ]);
    expect(events.find((e) => e.kind === "install")!.detail).toBe("POST /api/upload.ashx");
    expect(events.filter((e) => e.kind === "recon").map((e) => e.detail)).toEqual(["/login.aspx", "GET /upload.aspx"]);
  });

  it("shows a shell access seen by two findings once", () => {
    const events = buildCaseTimeline({
      findings: [finding(), finding({ id: 2, fileCreatedAt: null, installedVia: null })],
      alerts: [],
      pivotRuns: [],
    });
    expect(events.filter((e) => e.kind === "shell_access")).toHaveLength(1);
  });

  it("ignores pivot runs not done and results of an unexpected shape", () => {
    const events = buildCaseTimeline({
      findings: [],
      alerts: [],
      pivotRuns: [
        { id: 1, status: "running", result: { firstAccess: "2024-05-14T09:00:00Z" } },
        { id: 2, status: "done", result: { firstAccess: 12, filesBefore: "nope" } },
        { id: 3, status: "done", result: { filesBefore: [{ time: "garbage", uri: "/a" }, null, { uri: "/b" }] } },
        { id: 4, status: "done", result: null },
        { id: 5, status: "done", result: { firstAccess: "2024-05-14T09:00:00Z" } },
      ],
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "first_access", source: "pivot run 5", detail: null });
  });

  it("keeps only the last requests before the shell when there are many", () => {
    const filesBefore = Array.from({ length: 40 }, (_, i) => ({
      time: new Date(Date.UTC(2024, 4, 14, 9, i)).toISOString(),
      uri: `/p${i}.aspx`,
    }));
    const events = buildCaseTimeline({
      findings: [],
      alerts: [],
      pivotRuns: [{ id: 1, status: "done", result: { filesBefore } }],
    });
    expect(events).toHaveLength(MAX_RECON_EVENTS);
    expect(events.at(-1)!.detail).toBe("/p39.aspx");
  });
});
