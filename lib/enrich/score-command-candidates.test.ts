import { describe, expect, it } from "vitest";
import {
  directoriesInCommand,
  scoreCandidates,
  type CandidateRequest,
  type CommandContext,
} from "./score-command-candidates";
import { DEFAULT_ENRICH_CONFIG } from "./enrich-config";

const T = Date.UTC(2024, 4, 14, 10, 7, 31, 882);
const req = (stem: string, dt: number, method = "POST", status = 200, ip = "198.51.100.23"): CandidateRequest => ({
  time: Math.floor((T + dt * 1000) / 1000) * 1000,
  site: "W3SVC1",
  method,
  uriStem: stem,
  clientIp: ip,
  userAgent: "UA",
  status,
});
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  anchor: T,
  commandLine: 'cmd.exe /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client\\system_web"&whoami /all',
  imageName: "cmd.exe",
  files: [],
  benignImage: false,
  ...over,
});
const page = (stem: string, requests: CandidateRequest[], distinctIps = 1, maxRequestsByOneIp = 3) => ({
  host: "WEB01",
  site: "W3SVC1",
  uriStem: stem,
  requests,
  history: { distinctIps, maxRequestsByOneIp },
});
const SHELL = "/aspnet_client/system_web/Setconfigure.aspx";

describe("scoreCandidates", () => {
  it("picks the rare page POSTed at the command's second in the command's folder, confidently", () => {
    const [best, second] = scoreCandidates(
      [page("/default.aspx", [req("/default.aspx", 0, "GET")], 250, 40), page(SHELL, [req(SHELL, 0)])],
      ctx(),
      DEFAULT_ENRICH_CONFIG,
    );
    expect(best!.uriStem).toBe(SHELL);
    expect(best!.confidence).toBeGreaterThan(0.9);
    expect(best!.reasons.join("\n")).toMatch(/rare page: 1 distinct/);
    expect(best!.reasons.join("\n")).toMatch(/folder on disk/);
    expect(second!.confidence).toBeLessThan(0.1);
  });

  it("gives a rare but benign admin page requested near the command no confident score on its own", () => {
    const [best] = scoreCandidates(
      [page("/admin/reports.aspx", [req("/admin/reports.aspx", 5, "GET", 200, "10.1.1.1")], 1, 2)],
      ctx({ commandLine: "cmd.exe /c whoami" }),
      DEFAULT_ENRICH_CONFIG,
    );
    expect(best!.confidence).toBeLessThan(0.5);
  });

  it("prefers the shell over a decoy admin page requested in the same minute", () => {
    const [best] = scoreCandidates(
      [
        page("/admin/reports.aspx", [req("/admin/reports.aspx", 2, "GET", 200, "10.1.1.1")], 1, 2),
        page(SHELL, [req(SHELL, 1)]),
      ],
      ctx(),
      DEFAULT_ENRICH_CONFIG,
    );
    expect(best!.uriStem).toBe(SHELL);
    expect(best!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it("counts a file entity that names the page as strong evidence", () => {
    const noFile = scoreCandidates(
      [page(SHELL, [req(SHELL, 1, "GET")])],
      ctx({ commandLine: "powershell -enc AAAA" }),
      DEFAULT_ENRICH_CONFIG,
    )[0]!;
    const withFile = scoreCandidates(
      [page(SHELL, [req(SHELL, 1, "GET")])],
      ctx({
        commandLine: "powershell -enc AAAA",
        files: [{ name: "Setconfigure.aspx", directory: "C:\\inetpub\\wwwroot\\aspnet_client\\system_web" }],
      }),
      DEFAULT_ENRICH_CONFIG,
    )[0]!;
    expect(withFile.score - noFile.score).toBe(2.5);
    expect(withFile.confidence).toBeGreaterThan(noFile.confidence);
  });

  it("gives a csc.exe child of w3wp (ASP.NET compiling) no confident finding even on a rare page", () => {
    const [best] = scoreCandidates(
      [page("/products/new-page.aspx", [req("/products/new-page.aspx", 0, "GET")], 1, 1)],
      ctx({
        commandLine: '"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /noconfig',
        imageName: "csc.exe",
        benignImage: true,
      }),
      DEFAULT_ENRICH_CONFIG,
    );
    expect(best!.confidence).toBeLessThan(0.5);
    expect(best!.reasons.join("\n")).toMatch(/csc\.exe is started by IIS/);
  });

  it("marks a 404 as evidence against, and lowers confidence when two pages score alike", () => {
    const notFound = scoreCandidates(
      [page("/x.aspx", [req("/x.aspx", 0, "POST", 404)])],
      ctx(),
      DEFAULT_ENRICH_CONFIG,
    )[0]!;
    const found = scoreCandidates(
      [page("/x.aspx", [req("/x.aspx", 0, "POST", 200)])],
      ctx(),
      DEFAULT_ENRICH_CONFIG,
    )[0]!;
    expect(found.score - notFound.score).toBe(2.5);
    const alone = scoreCandidates(
      [page("/a.aspx", [req("/a.aspx", 0)])],
      ctx({ commandLine: null }),
      DEFAULT_ENRICH_CONFIG,
    )[0]!;
    const [tied] = scoreCandidates(
      [page("/a.aspx", [req("/a.aspx", 0)]), page("/b.aspx", [req("/b.aspx", 0)])],
      ctx({ commandLine: null }),
      DEFAULT_ENRICH_CONFIG,
    );
    expect(tied!.confidence).toBeCloseTo(alone.confidence * 0.75, 2);
  });

  it("uses a configurable rarity threshold", () => {
    const pages = [page(SHELL, [req(SHELL, 0)], 5, 3)];
    expect(scoreCandidates(pages, ctx(), DEFAULT_ENRICH_CONFIG)[0]!.reasons[0]).toMatch(/common page/);
    expect(scoreCandidates(pages, ctx(), { ...DEFAULT_ENRICH_CONFIG, rareThreshold: 5 })[0]!.reasons[0]).toMatch(
      /rare page/,
    );
  });
});

describe("directoriesInCommand", () => {
  it("reads the Windows directories a command line names", () => {
    expect(directoriesInCommand('cmd.exe /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client\\system_web"&whoami')).toEqual([
      ["inetpub", "wwwroot", "aspnet_client", "system_web"],
    ]);
  });
});
