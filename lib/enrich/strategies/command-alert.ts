// The command strategy: an alert about a process w3wp.exe spawned. The shell is the script page
// that, among the requests around the process's creation, is rarest on its site and best fits
// the command (scored by ../score-command-candidates.ts); its clients are the attackers.
import type { AlertForEnrichment } from "../load-alert-for-enrichment";
import type { FindingDraft } from "../../findings/finding-draft";
import { hasAnyTerm } from "../kql-has";
import { resolveWebHosts } from "../resolve-web-hosts";
import {
  BENIGN_CHILD_IMAGES,
  DEFAULT_SCRIPT_EXTENSIONS,
  FINDING_MIN_CONFIDENCE,
  type EnrichConfig,
} from "../enrich-config";
import { scoreCandidates, type CandidateRequest } from "../score-command-candidates";
import { findPageClients, findPageRequests, findRequestsInWindow, type RequestRow } from "../find-shell-evidence";
import { summary, type EnrichmentSummary } from "../enrichment-summary";
import { evidenceOf } from "../evidence-of";
import { describeHosts } from "./describe-hosts";

const DAY = 86_400_000;
const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

/** The process w3wp.exe spawned: the command the alert is about. */
function suspiciousProcess(alert: AlertForEnrichment) {
  const isW3wp = (name: string | null | undefined) => lower(name) === "w3wp.exe";
  const candidates = alert.processes.filter((p) => p.commandLine && !isW3wp(p.imageName));
  const childOfW3wp = candidates.filter((p) => isW3wp(p.parentImageName));
  const pool = childOfW3wp.length ? childOfW3wp : candidates;
  return (
    pool.sort((a, b) => (a.creationTimeUtc?.getTime() ?? Infinity) - (b.creationTimeUtc?.getTime() ?? Infinity))[0] ??
    null
  );
}

export async function enrichCommandAlert(
  alert: AlertForEnrichment,
  config: EnrichConfig,
): Promise<{ draft: FindingDraft | null; summary: EnrichmentSummary }> {
  const process = suspiciousProcess(alert);
  const anchor = process?.creationTimeUtc ?? alert.startTime ?? alert.timeGenerated;
  const anchorNote = process?.creationTimeUtc
    ? "process creation time"
    : alert.startTime
      ? "alert StartTime (no process creation time)"
      : "alert TimeGenerated (no better time)";
  const webHosts = await resolveWebHosts(alert.hosts, anchor);
  const hostList = describeHosts(alert);
  if (!webHosts.length) {
    return {
      draft: null,
      summary: summary(config, [], anchor, "no_web_logs", `no web log names host ${hostList}`, []),
    };
  }
  const t = anchor.getTime();
  const rows = await findRequestsInWindow(
    webHosts,
    new Date(t - config.windowBeforeSeconds * 1000),
    new Date(t + config.windowAfterSeconds * 1000),
  );
  // A page is (host, site, stem): every IIS server calls its first site W3SVC1.
  const pages = new Map<string, { host: string; site: string | null; uriStem: string; rows: RequestRow[] }>();
  const pageKey = (host: string, site: string | null, stem: string) => `${host}\u0000${site ?? ""}\u0000${stem}`;
  for (const r of rows) {
    if (!hasAnyTerm(r.uriStem, DEFAULT_SCRIPT_EXTENSIONS)) continue;
    const key = pageKey(r.host, r.site, r.uriStem);
    const page = pages.get(key) ?? { host: r.host, site: r.site, uriStem: r.uriStem, rows: [] };
    page.rows.push(r);
    pages.set(key, page);
  }
  if (!pages.size) {
    return {
      draft: null,
      summary: summary(
        config,
        webHosts,
        anchor,
        "no_candidates",
        `no script request on ${webHosts.join(", ")} within the window around the ${anchorNote}`,
        [],
      ),
    };
  }
  const baselineFrom = new Date(t - config.baselineDays * DAY);
  const baselineTo = new Date(t + config.windowAfterSeconds * 1000);
  const scoredInput = [];
  const clientsByPage = new Map<string, Awaited<ReturnType<typeof findPageClients>>>();
  for (const [key, page] of pages) {
    const windowIps = new Set(page.rows.map((r) => r.clientIp));
    let history;
    if (windowIps.size > config.rareThreshold) {
      // Already common within minutes: no need to read its history.
      history = { distinctIps: windowIps.size, maxRequestsByOneIp: 0 };
    } else {
      const clients = await findPageClients(
        page.host,
        page.site,
        page.uriStem,
        baselineFrom,
        baselineTo,
        config.rareThreshold,
      );
      clientsByPage.set(key, clients);
      const ips = new Map<string | null, number>();
      for (const c of clients) ips.set(c.ip, (ips.get(c.ip) ?? 0) + c.requests);
      history = { distinctIps: ips.size, maxRequestsByOneIp: Math.max(0, ...ips.values()) };
    }
    const requests: CandidateRequest[] = page.rows.map((r) => ({
      time: r.time.getTime(),
      site: r.site,
      method: r.method,
      uriStem: r.uriStem,
      clientIp: r.clientIp,
      userAgent: r.userAgent,
      status: r.status,
    }));
    scoredInput.push({ host: page.host, site: page.site, uriStem: page.uriStem, requests, history });
  }
  const imageName = process?.imageName ?? null;
  const scored = scoreCandidates(
    scoredInput,
    {
      anchor: t,
      commandLine: process?.commandLine ?? null,
      imageName,
      files: alert.files.filter((f) => lower(f.name) !== "w3wp.exe" && lower(f.name) !== lower(imageName)),
      benignImage: BENIGN_CHILD_IMAGES.has(lower(imageName)),
    },
    config,
  );
  const candidates = scored.slice(0, 10).map(({ host, site, uriStem, score, confidence, reasons }) => ({
    host,
    site,
    uriStem,
    score,
    confidence,
    reasons,
  }));
  const best = scored[0]!;
  if (best.confidence < FINDING_MIN_CONFIDENCE) {
    return {
      draft: null,
      summary: summary(
        config,
        webHosts,
        anchor,
        "no_confident_finding",
        `best candidate ${best.uriStem} has confidence ${best.confidence} (< ${FINDING_MIN_CONFIDENCE})`,
        candidates,
      ),
    };
  }
  const hostName = best.host;
  const clients = clientsByPage.get(pageKey(hostName, best.site, best.uriStem)) ?? [];
  const firstShellAccess = clients.length
    ? new Date(Math.min(...clients.map((c) => c.first.getTime())))
    : new Date(best.nearest.time);
  const evidence = await findPageRequests(hostName, best.site, best.uriStem, new Date(t - DAY), new Date(t + DAY), 50);
  const draft: FindingDraft = {
    kind: "command",
    hostName,
    site: best.site,
    shellLocation: best.uriStem,
    shellName: best.uriStem.split("/").pop() ?? best.uriStem,
    commandLine: process?.commandLine ?? null,
    processCreatedAt: process?.creationTimeUtc ?? null,
    fileCreatedAt: null,
    firstShellAccess,
    installedVia: null,
    attackers: (clients.length ? clients : [{ ip: best.nearest.clientIp, userAgent: best.nearest.userAgent }]).map(
      (c) => ({ ip: c.ip, userAgent: c.userAgent }),
    ),
    confidence: best.confidence,
    reasons: [`anchored on the ${anchorNote}, ${anchor.toISOString()}`, ...best.reasons],
    evidence: evidence.map(evidenceOf),
  };
  return {
    draft,
    summary: summary(
      config,
      webHosts,
      anchor,
      "finding",
      `shell ${best.uriStem} (confidence ${best.confidence})`,
      candidates,
    ),
  };
}
