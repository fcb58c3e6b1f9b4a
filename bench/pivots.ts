// Pivot benchmark, on the enrichment bench's database (10M background requests plus the planted
// intrusions) before it is dropped. For every planted intrusion and every pivot kind, Shellcase's
// answer is timed (warm-up, then ROUNDS rounds: p50/p95 over all runs), and so is the analyst's
// alternative over the same raw log files: a grep prefilter and one awk pass per question, field
// positions taken from each file's #Fields lines. The answers are compared; the ratio is
// awk time / Shellcase time.
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pivotParamsSchema, type PivotParams } from "../lib/pivots/pivot-params";
import { findFilesBefore } from "../lib/pivots/find-files-before";
import { findFirstAccess } from "../lib/pivots/find-first-access";
import { findAttackerTimeline } from "../lib/pivots/find-attacker-timeline";
import { findAttackerElsewhere } from "../lib/pivots/find-attacker-elsewhere";
import type { PlantedIntrusion } from "../tests/scenario/generate-scenario";
import type { EnrichBenchData } from "./enrich";

export const PIVOT_KINDS = [
  "filesBeforeIp",
  "filesBeforeUa",
  "filesBeforeBoth",
  "firstAccess",
  "timeline",
  "elsewhere",
] as const;
type Kind = (typeof PIVOT_KINDS)[number];

export interface PivotKindResult {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Median wall time of the grep+awk pipeline for the same question. */
  awkMedianMs: number;
  /** awkMedianMs / p50Ms. */
  ratio: number;
  /** Questions whose grep+awk answer equals Shellcase's, of those compared (a truncated answer is not compared). */
  matched: number;
  compared: number;
}

export interface PivotBenchResult {
  intrusions: number;
  rawLogMb: number;
  kinds: Record<Kind, PivotKindResult>;
  /** The worst kind's p95. */
  p95Ms: number;
  minRatio: number;
  allMatched: boolean;
}

const ROUNDS = 5;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (v: number) => Math.round(v * 10) / 10;
const DAY = 86_400_000;
/** "YYYY-MM-DD HH:MM:SS", as W3C logs write date and time; compares as text. */
const w3c = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

// One pass over the grep-filtered lines. Field positions come from each #Fields line (they change
// mid-file); "#Defaults: HOST SITE" lines (written by the pipeline before each file) give the
// host and site of files that lack s-computername/s-sitename. Values come through ENVIRON, which,
// unlike -v, does not process backslash escapes. The script test is KQL `has` on ASCII: with
// LC_ALL=C a non-ASCII letter after the extension counts as a boundary (none in this data).
const AWK = String.raw`
BEGIN { FS = " "; OFS = "\t"
  mode = ENVIRON["PV_MODE"]; ip = ENVIRON["PV_IP"]; ua = ENVIRON["PV_UA"]; host = ENVIRON["PV_HOST"]
  site = ENVIRON["PV_SITE"]; from = ENVIRON["PV_FROM"]; to = ENVIRON["PV_TO"]; scripts = ENVIRON["PV_SCRIPTS"] == "1" }
/^#Defaults: / { dh = $2; ds = $3; next }
/^#Fields: / {
  split("", f); for (i = 2; i <= NF; i++) f[$i] = i - 1
  idate = f["date"]; itime = f["time"]; ihost = f["s-computername"]; isite = f["s-sitename"]; iip = f["c-ip"]
  iua = f["cs(User-Agent)"]; istem = f["cs-uri-stem"]; imeth = f["cs-method"]; ist = f["sc-status"]; next }
/^#/ { next }
{
  ts = $idate " " $itime
  if (ts < from || ts > to) next
  if (ip != "" && $iip != ip) next
  if (ua != "" && $iua != ua) next
  h = ihost ? $ihost : dh; s = isite ? $isite : ds
  if (mode == "elsewhere") {
    if (h == host && s == site) next
    k = h OFS s; n[k]++; if (!(k in lo) || ts < lo[k]) lo[k] = ts; if (ts > hi[k]) hi[k] = ts; next
  }
  if (h != host || s != site) next
  if (mode == "files") {
    if (scripts && tolower($istem) !~ /\.(php|jsp|js|aspx|asmx|asax|cfm|shtml)([^a-z0-9]|$)/) next
    print ts, $istem, $iip, $iua, $imeth, $ist
  } else if (mode == "first") {
    if (first == "" || ts < first) { first = ts; firstUri = $istem }
  } else print ts, $istem, $ist
}
END {
  if (mode == "first" && first != "") print first, site, firstUri
  if (mode == "elsewhere") for (k in n) print k, n[k], lo[k], hi[k]
}`;

// The pipeline: per file, its defaults and the lines holding the needle (plus #Fields), into one
// awk, then sorted. grep exits 1 when a file has no match: that is not an error.
const PIPELINE = String.raw`
set -eo pipefail
while [ "$#" -gt 0 ]; do
  printf '#Defaults: %s %s\n' "$2" "$3"
  LC_ALL=C grep -hF -e '#Fields: ' -e "$PV_NEEDLE" -- "$1" || [ "$?" -eq 1 ]
  shift 3
done | LC_ALL=C awk -f "$PV_AWK" | LC_ALL=C sort`;

interface Question {
  mode: "files" | "first" | "timeline" | "elsewhere";
  params: PivotParams;
  from: number;
  to: number;
}

function runPipeline(q: Question, files: EnrichBenchData["logFiles"], awkPath: string): Promise<string> {
  const args = files.flatMap((f) => [f.path, f.host ?? "-", f.site ?? "-"]);
  const env = {
    ...process.env,
    PV_AWK: awkPath,
    PV_MODE: q.mode,
    PV_IP: q.params.ip ?? "",
    PV_UA: q.params.userAgent ?? "",
    PV_NEEDLE: q.params.ip ?? q.params.userAgent!,
    PV_HOST: q.params.host,
    PV_SITE: q.params.site,
    PV_FROM: w3c(q.from),
    PV_TO: w3c(q.to),
    PV_SCRIPTS: q.params.allRequests ? "0" : "1",
  };
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", PIPELINE, "pipeline", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString("utf8"))
        : reject(new Error(`grep+awk failed (${code}): ${Buffer.concat(err).toString("utf8")}`)),
    );
  });
}

const lines = (text: string) => text.split("\n").filter(Boolean).sort();

/** Shellcase's answer in the pipeline's output format, or null when truncated (not comparable). */
async function shellcaseAnswer(kind: Kind, p: PivotParams): Promise<string[] | null> {
  const t = (iso: string) => iso.slice(0, 19).replace("T", " ");
  switch (kind) {
    case "filesBeforeIp":
    case "filesBeforeUa":
    case "filesBeforeBoth": {
      const { rows, truncated } = await findFilesBefore(p);
      if (truncated) return null;
      return rows
        .map((r) =>
          [t(r.time.toISOString()), r.uriStem, r.ip, r.userAgent, r.method, r.status].map((v) => v ?? "-").join("\t"),
        )
        .sort();
    }
    case "firstAccess": {
      const f = await findFirstAccess(p);
      return f ? [[t(f.time), f.site, f.uri].join("\t")] : [];
    }
    case "timeline": {
      const tl = await findAttackerTimeline(p);
      if (tl.truncated) return null;
      return tl.requests.map((r) => [t(r.time), r.uri ?? "-", r.status ?? "-"].join("\t")).sort();
    }
    case "elsewhere": {
      const e = await findAttackerElsewhere(p);
      if (e.truncated) return null;
      return e.sites.map((s) => [s.host, s.site, s.requests, t(s.first), t(s.last)].join("\t")).sort();
    }
  }
}

const time = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

function questionsFor(i: PlantedIntrusion): Record<Kind, Question> {
  const anchor = i.firstShellAccess.getTime();
  const span = Math.ceil((anchor - i.firstAccess.getTime()) / 1000);
  const params = (who: { ip?: string; userAgent?: string }) =>
    pivotParamsSchema.parse({
      host: i.host,
      site: i.site,
      ...who,
      anchor: i.firstShellAccess.toISOString(),
      window: `${span}s`,
    });
  const ip = { ip: i.attacker.ip };
  const files = (p: PivotParams): Question => ({ mode: "files", params: p, from: anchor - span * 1000, to: anchor });
  const wide = (mode: Question["mode"]): Question => ({
    mode,
    params: params(ip),
    from: anchor - 30 * DAY,
    to: mode === "first" ? anchor : anchor + 7 * DAY,
  });
  return {
    filesBeforeIp: files(params(ip)),
    filesBeforeUa: files(params({ userAgent: i.attacker.userAgent })),
    filesBeforeBoth: files(params({ ip: i.attacker.ip, userAgent: i.attacker.userAgent })),
    firstAccess: wide("first"),
    timeline: wide("timeline"),
    elsewhere: wide("elsewhere"),
  };
}

export async function benchPivots(data: EnrichBenchData): Promise<PivotBenchResult> {
  const dir = join(import.meta.dirname, "tmp");
  await mkdir(dir, { recursive: true });
  const awkPath = join(dir, "pivot.awk");
  await writeFile(awkPath, AWK);
  const rawLogMb = Math.round(data.logFiles.reduce((n, f) => n + statSync(f.path).size, 0) / 2 ** 20);
  const questions = data.scenario.intrusions.map(questionsFor);

  const run = (kind: Kind, q: Question) => shellcaseAnswer(kind, q.params);
  process.stderr.write(`pivots: ${questions.length} intrusions × ${PIVOT_KINDS.length} kinds, warm-up…\n`);
  for (const qs of questions) for (const kind of PIVOT_KINDS) await run(kind, qs[kind]);
  const times = Object.fromEntries(PIVOT_KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
  for (let r = 0; r < ROUNDS; r++) {
    for (const qs of questions) for (const kind of PIVOT_KINDS) times[kind].push(await time(() => run(kind, qs[kind])));
  }

  process.stderr.write(`pivots: the same questions with grep+awk over ${rawLogMb} MB of raw logs…\n`);
  const kinds = {} as Record<Kind, PivotKindResult>;
  for (const kind of PIVOT_KINDS) {
    const awkTimes: number[] = [];
    let matched = 0;
    let compared = 0;
    for (const qs of questions) {
      let text = "";
      awkTimes.push(
        await time(async () => {
          text = await runPipeline(qs[kind], data.logFiles, awkPath);
        }),
      );
      const ours = await shellcaseAnswer(kind, qs[kind].params);
      if (ours === null) continue;
      compared++;
      const theirs = lines(text);
      if (JSON.stringify(theirs) === JSON.stringify(ours)) matched++;
      else {
        process.stderr.write(
          `  ${kind} differs for ${qs[kind].params.host}/${qs[kind].params.site}: grep+awk ${theirs.length} line(s), Shellcase ${ours.length}\n`,
        );
      }
    }
    const sorted = [...times[kind]].sort((a, b) => a - b);
    awkTimes.sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    kinds[kind] = {
      runs: sorted.length,
      p50Ms: round(p50),
      p95Ms: round(percentile(sorted, 95)),
      maxMs: round(sorted[sorted.length - 1]!),
      awkMedianMs: Math.round(percentile(awkTimes, 50)),
      ratio: round(percentile(awkTimes, 50) / Math.max(p50, 0.01)),
      matched,
      compared,
    };
  }
  const all = Object.values(kinds);
  return {
    intrusions: questions.length,
    rawLogMb,
    kinds,
    p95Ms: Math.max(...all.map((k) => k.p95Ms)),
    minRatio: Math.min(...all.map((k) => k.ratio)),
    allMatched: all.every((k) => k.matched === k.compared && k.compared > 0),
  };
}

/** Readable lines for the console: one per kind. */
export function formatPivotBench(r: PivotBenchResult): string[] {
  return PIVOT_KINDS.map((kind) => {
    const k = r.kinds[kind];
    return `  ${kind.padEnd(16)} p50 ${k.p50Ms} ms, p95 ${k.p95Ms} ms  | grep+awk ${k.awkMedianMs} ms  | ratio ${k.ratio}×  | matched ${k.matched}/${k.compared}`;
  });
}
