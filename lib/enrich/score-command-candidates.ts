// Scores the pages requested around a command alert's process creation: which one is the shell?
// Pure, so every weight is pinned by unit tests; docs/enrichment.md explains the model.
import type { EnrichConfig } from "./enrich-config";

export interface CandidateRequest {
  time: number; // epoch ms (IIS logs whole seconds)
  site: string | null;
  method: string | null;
  uriStem: string;
  clientIp: string | null;
  userAgent: string | null;
  status: number | null;
}

/** What the database says about a page over the baseline period. */
export interface PageHistory {
  distinctIps: number;
  /** Requests per client IP over the period (repeated use by one client). */
  maxRequestsByOneIp: number;
}

export interface CommandContext {
  /** Process creation time, epoch ms. */
  anchor: number;
  commandLine: string | null;
  /** Image name of the process w3wp spawned ("cmd.exe"). */
  imageName: string | null;
  /** Script files named by the alert: a match with the page is strong evidence. */
  files: { name: string | null; directory: string | null }[];
  benignImage: boolean;
}

export interface ScoredCandidate {
  host: string;
  site: string | null;
  uriStem: string;
  score: number;
  confidence: number;
  reasons: string[];
  /** The request closest to the anchor. */
  nearest: CandidateRequest;
  requests: CandidateRequest[];
  history: PageHistory;
}

const W = {
  rare: 2.0,
  notRare: -3.0,
  within3s: 1.5,
  within10s: 1.0,
  within60s: 0.3,
  post: 1.0,
  ok: 0.5,
  notFound: -2.0,
  repeated: 0.5,
  fileMatch: 2.5,
  folderInCommand: 2.0,
  benignImage: -2.5,
} as const;
/** Score at which confidence is 0.5: a rare page hit near the command is not enough alone. */
const MIDPOINT = 4.5;
/** Runner-up this close to the winner: the evidence does not single one page out. */
const CLOSE_MARGIN = 1.0;

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** "/aspnet_client/system_web/Setconfigure.aspx" → ["aspnet_client", "system_web"] (lower case). */
function stemFolders(stem: string): string[] {
  const parts = stem.toLowerCase().split("/").filter(Boolean);
  return parts.slice(0, -1);
}

function fileNameOf(stem: string): string {
  return (stem.split("/").pop() ?? "").toLowerCase();
}

function lastFolder(directory: string): string {
  return (directory.split(/[\\/]/).filter(Boolean).pop() ?? "").toLowerCase();
}

/** Windows directories the command line names, e.g. cd /d "C:\inetpub\wwwroot\aspnet_client\system_web". */
export function directoriesInCommand(commandLine: string): string[][] {
  const out: string[][] = [];
  for (const m of commandLine.matchAll(/[A-Za-z]:\\[^"&|<>\r\n]*/g)) {
    const parts = m[0]
      .trim()
      .split("\\")
      .slice(1)
      .filter(Boolean)
      .map((p) => p.toLowerCase());
    if (parts.length) out.push(parts);
  }
  return out;
}

/** True when the page's folders are the tail of a directory the command works in. */
function folderMatchesCommand(stem: string, commandLine: string | null): boolean {
  const folders = stemFolders(stem);
  if (!commandLine || folders.length === 0) return false;
  return directoriesInCommand(commandLine).some((dir) => {
    if (dir.length < folders.length) return false;
    const tail = dir.slice(dir.length - folders.length);
    return tail.every((p, i) => p === folders[i]);
  });
}

export function scoreCandidates(
  pages: { host: string; site: string | null; uriStem: string; requests: CandidateRequest[]; history: PageHistory }[],
  ctx: CommandContext,
  config: EnrichConfig,
): ScoredCandidate[] {
  const scored = pages.map((page) => {
    const reasons: string[] = [];
    let score = 0;
    const nearest = page.requests.reduce((a, b) =>
      Math.abs(b.time - ctx.anchor) < Math.abs(a.time - ctx.anchor) ? b : a,
    );
    // IIS times are whole seconds and logged when the request ends: compare with the anchor's second.
    const delta = Math.abs(nearest.time - Math.floor(ctx.anchor / 1000) * 1000) / 1000;

    if (page.history.distinctIps <= config.rareThreshold) {
      score += W.rare;
      reasons.push(
        `rare page: ${page.history.distinctIps} distinct client IP(s) in ${config.baselineDays} days (threshold ${config.rareThreshold})`,
      );
    } else {
      score += W.notRare;
      reasons.push(`common page: ${page.history.distinctIps}+ distinct client IPs in ${config.baselineDays} days`);
    }
    if (delta <= 3) {
      score += W.within3s;
      reasons.push(`requested ${delta} s from the process creation`);
    } else if (delta <= 10) {
      score += W.within10s;
      reasons.push(`requested ${delta} s from the process creation`);
    } else if (delta <= 60) {
      score += W.within60s;
      reasons.push(`requested ${delta} s from the process creation`);
    }
    if ((nearest.method ?? "").toUpperCase() === "POST") {
      score += W.post;
      reasons.push("the closest request is a POST (commands are usually posted)");
    }
    if (nearest.status === 200) {
      score += W.ok;
      reasons.push("answered 200");
    } else if (nearest.status === 404) {
      score += W.notFound;
      reasons.push("answered 404: the page does not exist");
    }
    if (page.history.maxRequestsByOneIp >= 2) {
      score += W.repeated;
      reasons.push(`one client requested it ${page.history.maxRequestsByOneIp} times`);
    }
    const file = ctx.files.find(
      (f) =>
        f.name &&
        f.name.toLowerCase() === fileNameOf(page.uriStem) &&
        (!f.directory || lastFolder(f.directory) === (stemFolders(page.uriStem).pop() ?? "")),
    );
    if (file) {
      score += W.fileMatch;
      reasons.push(`the alert names the file ${file.name}${file.directory ? ` in ${file.directory}` : ""}`);
    }
    if (folderMatchesCommand(page.uriStem, ctx.commandLine)) {
      score += W.folderInCommand;
      reasons.push("the command runs in the page's folder on disk");
    }
    if (ctx.benignImage) {
      score += W.benignImage;
      reasons.push(`${ctx.imageName} is started by IIS itself (e.g. compiling ASP.NET pages)`);
    }
    return {
      host: page.host,
      site: page.site,
      uriStem: page.uriStem,
      score,
      confidence: sigmoid(score - MIDPOINT),
      reasons,
      nearest,
      requests: page.requests,
      history: page.history,
    };
  });
  scored.sort((a, b) => b.score - a.score || a.uriStem.localeCompare(b.uriStem));
  const [best, second] = scored;
  if (best && second && best.score - second.score < CLOSE_MARGIN) {
    best.confidence *= 0.75;
    best.reasons.push(
      `another page (${second.uriStem}) scored close: ${second.score.toFixed(1)} vs ${best.score.toFixed(1)}`,
    );
  }
  for (const s of scored) s.confidence = Math.round(s.confidence * 1000) / 1000;
  return scored;
}
