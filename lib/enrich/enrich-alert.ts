// Default-mode enrichment of one stored alert: classify it, find the shell, the site, the
// attackers and (file alerts) the request that installed it, store the result and, when
// confident, the finding and its case. Idempotent: re-running with the same data writes the same
// rows (findings are upserted by alert; cases are matched by host and shell).
import type pg from "pg";
import { getPool } from "../db";
import { loadAlertForEnrichment, type AlertForEnrichment } from "./load-alert-for-enrichment";
import { AppError } from "../errors";
import { assignCase } from "../cases/assign-case";
import { upsertCaseAttackers } from "../attackers/upsert-case-attackers";
import { queueDefaultPivot } from "../pivots/queue-default-pivot";
import { classifyAlert } from "./classify-alert";
import { hasAnyTerm } from "./kql-has";
import { resolveWebHosts } from "./resolve-web-hosts";
import {
  BENIGN_CHILD_IMAGES,
  DEFAULT_ENRICH_CONFIG,
  DEFAULT_SCRIPT_EXTENSIONS,
  FINDING_MIN_CONFIDENCE,
  type EnrichConfig,
} from "./enrich-config";
import { scoreCandidates, type CandidateRequest } from "./score-command-candidates";
import {
  findFileRequests,
  findLastPostBefore,
  findPageClients,
  findPageRequests,
  findRequestsInWindow,
  type RequestRow,
} from "./find-shell-evidence";

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface InstalledVia {
  time: string;
  method: string | null;
  uri: string;
  ip: string | null;
  userAgent: string | null;
}

export interface FindingDraft {
  kind: "command" | "file";
  hostName: string;
  site: string | null;
  shellLocation: string;
  shellName: string;
  commandLine: string | null;
  processCreatedAt: Date | null;
  fileCreatedAt: Date | null;
  firstShellAccess: Date | null;
  installedVia: InstalledVia | null;
  attackers: { ip: string | null; userAgent: string | null }[];
  confidence: number;
  reasons: string[];
  evidence: ReturnType<typeof evidenceOf>[];
}

/** What is kept on the alert whatever the outcome: enough for an analyst to triage. */
export interface EnrichmentSummary {
  mode: "default";
  config: EnrichConfig;
  webHosts: string[];
  anchor: string | null;
  outcome: "finding" | "no_confident_finding" | "no_candidates" | "no_web_logs" | "not_applicable";
  message: string;
  candidates: {
    host: string;
    site: string | null;
    uriStem: string;
    score: number;
    confidence: number;
    reasons: string[];
  }[];
}

export type EnrichOutcome = "finding" | "no_finding" | "not_applicable" | "skipped";

type LoadedAlert = AlertForEnrichment;

function evidenceOf(r: RequestRow) {
  return {
    batchId: r.batchId,
    line: r.line,
    time: r.time.toISOString(),
    site: r.site,
    method: r.method,
    uri: r.uriStem,
    query: r.uriQuery,
    ip: r.clientIp,
    userAgent: r.userAgent,
    status: r.status,
  };
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

export async function enrichAlert(
  alertId: number,
  opts: { generation?: number; config?: Partial<EnrichConfig> } = {},
): Promise<EnrichOutcome> {
  const config: EnrichConfig = { ...DEFAULT_ENRICH_CONFIG, ...opts.config };
  const pool = getPool();
  const alert = await loadAlertForEnrichment(alertId);
  if (!alert) throw new AppError("not_found", `alert ${alertId} does not exist`);
  // A newer generation is queued: this job's view of the evidence is already out of date.
  if (opts.generation !== undefined && alert.enrichGeneration > opts.generation) return "skipped";

  const classification = classifyAlert(alert);
  if (classification.kind === "other") {
    const s = summary(config, [], null, "not_applicable", classification.reason, []);
    await inTransaction(async (db) => {
      const gone = await db.query<{ case_id: number | null }>(
        "DELETE FROM findings WHERE alert_id = $1 RETURNING case_id",
        [alertId],
      );
      if (gone.rows[0]?.case_id != null) await upsertCaseAttackers(db, gone.rows[0].case_id, []);
      await db.query(
        `UPDATE alerts SET kind = 'other', kind_reason = $2, enrichment_state = 'not_applicable', enrichment_error = NULL,
                enriched_at = now(), enrichment = $3, updated_at = now() WHERE id = $1`,
        [alertId, classification.reason, JSON.stringify(s)],
      );
    });
    return "not_applicable";
  }
  await pool.query("UPDATE alerts SET kind = $2, kind_reason = $3, enrichment_state = 'running' WHERE id = $1", [
    alertId,
    classification.kind,
    classification.reason,
  ]);

  try {
    const { draft, summary: s } =
      classification.kind === "command"
        ? await enrichCommandAlert(alert, config)
        : await enrichFileAlert(alert, config);
    const confident = !!draft && draft.confidence >= FINDING_MIN_CONFIDENCE;
    let caseId: number | null = null;
    await inTransaction(async (db) => {
      // The case the alert's finding was in: it loses the finding's attackers if the finding moves or goes.
      const before = await db.query<{ case_id: number | null }>("SELECT case_id FROM findings WHERE alert_id = $1", [
        alertId,
      ]);
      const previousCaseId = before.rows[0]?.case_id ?? null;
      if (draft && confident) {
        const { rows } = await db.query<{ id: number }>(
          `INSERT INTO findings (alert_id, kind, host_name, site, shell_location, shell_name, command_line,
                                 process_created_at, file_created_at, first_shell_access, installed_via, attackers,
                                 confidence, reasons, evidence, generation, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
           ON CONFLICT (alert_id) DO UPDATE SET
             kind = EXCLUDED.kind, host_name = EXCLUDED.host_name, site = EXCLUDED.site,
             shell_location = EXCLUDED.shell_location, shell_name = EXCLUDED.shell_name,
             command_line = EXCLUDED.command_line, process_created_at = EXCLUDED.process_created_at,
             file_created_at = EXCLUDED.file_created_at, first_shell_access = EXCLUDED.first_shell_access,
             installed_via = EXCLUDED.installed_via, attackers = EXCLUDED.attackers, confidence = EXCLUDED.confidence,
             reasons = EXCLUDED.reasons, evidence = EXCLUDED.evidence, generation = EXCLUDED.generation, updated_at = now()
           RETURNING id`,
          [
            alertId,
            draft.kind,
            draft.hostName,
            draft.site,
            draft.shellLocation,
            draft.shellName,
            draft.commandLine,
            draft.processCreatedAt,
            draft.fileCreatedAt,
            draft.firstShellAccess,
            draft.installedVia ? JSON.stringify(draft.installedVia) : null,
            JSON.stringify(draft.attackers),
            draft.confidence,
            draft.reasons,
            JSON.stringify(draft.evidence),
            alert.enrichGeneration,
          ],
        );
        caseId = await assignCase(db, { id: rows[0]!.id, ...draft }, alert.severity);
        await upsertCaseAttackers(db, caseId, draft.attackers);
        if (previousCaseId !== null && previousCaseId !== caseId) await upsertCaseAttackers(db, previousCaseId, []);
      } else {
        await db.query("DELETE FROM findings WHERE alert_id = $1", [alertId]);
        if (previousCaseId !== null) await upsertCaseAttackers(db, previousCaseId, []);
      }
      await db.query(
        `UPDATE alerts SET enrichment_state = 'done', enrichment_error = NULL, enriched_at = now(), enrichment = $2,
                updated_at = now() WHERE id = $1`,
        [alertId, JSON.stringify(s)],
      );
    });
    // After the commit, and never failing the enrichment (it logs what went wrong).
    if (caseId !== null) await queueDefaultPivot(caseId);
    return confident ? "finding" : "no_finding";
  } catch (err) {
    await pool.query("UPDATE alerts SET enrichment_state = 'failed', enrichment_error = $2 WHERE id = $1", [
      alertId,
      err instanceof Error ? err.message : String(err),
    ]);
    throw err;
  }
}

async function inTransaction(work: (db: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await work(client);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}

function summary(
  config: EnrichConfig,
  webHosts: string[],
  anchor: Date | null,
  outcome: EnrichmentSummary["outcome"],
  message: string,
  candidates: EnrichmentSummary["candidates"],
): EnrichmentSummary {
  return { mode: "default", config, webHosts, anchor: anchor?.toISOString() ?? null, outcome, message, candidates };
}

/** The alert's host names for messages: "web01, web02", or a note that it names none. */
function describeHosts(alert: LoadedAlert): string {
  return (
    alert.hosts
      .map((h) => h.hostName ?? h.fqdn)
      .filter(Boolean)
      .join(", ") || "(no host entity)"
  );
}

/** The process w3wp.exe spawned: the command the alert is about. */
function suspiciousProcess(alert: LoadedAlert) {
  const isW3wp = (name: string | null | undefined) => lower(name) === "w3wp.exe";
  const candidates = alert.processes.filter((p) => p.commandLine && !isW3wp(p.imageName));
  const childOfW3wp = candidates.filter((p) => isW3wp(p.parentImageName));
  const pool = childOfW3wp.length ? childOfW3wp : candidates;
  return (
    pool.sort((a, b) => (a.creationTimeUtc?.getTime() ?? Infinity) - (b.creationTimeUtc?.getTime() ?? Infinity))[0] ??
    null
  );
}

async function enrichCommandAlert(alert: LoadedAlert, config: EnrichConfig) {
  const process = suspiciousProcess(alert);
  const anchor = process?.creationTimeUtc ?? alert.startTime ?? alert.timeGenerated;
  const anchorNote = process?.creationTimeUtc
    ? "process creation time"
    : alert.startTime
      ? "alert StartTime (no process creation time)"
      : "alert TimeGenerated (no better time)";
  const webHosts = await resolveWebHosts(alert.hosts);
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

async function enrichFileAlert(alert: LoadedAlert, config: EnrichConfig) {
  const file = alert.files.find(
    (f) => f.name && lower(f.name) !== "w3wp.exe" && hasAnyTerm(f.name, DEFAULT_SCRIPT_EXTENSIONS),
  );
  const created = alert.startTime ?? alert.timeGenerated;
  const webHosts = await resolveWebHosts(alert.hosts);
  const hostList = describeHosts(alert);
  if (!file?.name) {
    return {
      draft: null,
      summary: summary(config, webHosts, created, "no_candidates", "no script file entity to look for", []),
    };
  }
  if (!webHosts.length) {
    return {
      draft: null,
      summary: summary(config, [], created, "no_web_logs", `no web log names host ${hostList}`, []),
    };
  }
  const folder = (file.directory ?? "").split(/[\\/]/).filter(Boolean).pop() ?? "";
  const from = new Date(Math.floor(created.getTime() / 1000) * 1000);
  // Widen step by step: the first use of a new shell usually follows within minutes.
  let shellRequests: RequestRow[] = [];
  for (const span of [MINUTE * 60, DAY, 7 * DAY, config.baselineDays * DAY]) {
    shellRequests = await findFileRequests(webHosts, folder, file.name, from, new Date(from.getTime() + span), 200);
    if (shellRequests.length) break;
  }
  if (!shellRequests.length) {
    return {
      draft: null,
      summary: summary(
        config,
        webHosts,
        created,
        "no_candidates",
        `no request for /${folder}/${file.name} on ${webHosts.join(", ")} after its creation`,
        [],
      ),
    };
  }
  const first = shellRequests[0]!;
  const stem = first.uriStem;
  const clients = await findPageClients(
    first.host,
    first.site,
    stem,
    from,
    new Date(from.getTime() + config.baselineDays * DAY),
  );
  const attackers = clients.map((c) => ({ ip: c.ip, userAgent: c.userAgent }));
  const ips = [...new Set(clients.map((c) => c.ip).filter((ip): ip is string => !!ip))];
  // The upload completes around the moment the file is written: allow a few seconds past it.
  const install = await findLastPostBefore(
    [first.host],
    ips,
    stem,
    new Date(created.getTime() - config.installLookbackHours * 3_600_000),
    new Date(created.getTime() + 5000),
  );
  const reasons = [
    `${file.name} in ${file.directory ?? "(no directory)"} is served as ${stem}`,
    `first requested ${Math.round((first.time.getTime() - created.getTime()) / 1000)} s after the file was created, by ${first.clientIp ?? "?"}`,
  ];
  let confidence = 0.7;
  if (shellRequests.some((r) => r.status === 200)) {
    confidence += 0.1;
    reasons.push("the server answered 200: the script runs");
  }
  if (shellRequests.some((r) => lower(r.method) === "post")) {
    confidence += 0.1;
    reasons.push("it receives POSTs");
  }
  if (install) {
    confidence += 0.09;
    reasons.push(`${install.method} ${install.uriStem} by the same client shortly before the file appeared`);
  }
  const draft: FindingDraft = {
    kind: "file",
    hostName: first.host,
    site: first.site,
    shellLocation: stem,
    shellName: stem.split("/").pop() ?? file.name,
    commandLine: null,
    processCreatedAt: null,
    fileCreatedAt: created,
    firstShellAccess: first.time,
    installedVia: install
      ? {
          time: install.time.toISOString(),
          method: install.method,
          uri: install.uriStem,
          ip: install.clientIp,
          userAgent: install.userAgent,
        }
      : null,
    attackers,
    confidence: Math.round(confidence * 1000) / 1000,
    reasons,
    evidence: [...(install ? [install] : []), ...shellRequests.slice(0, 50)].map(evidenceOf),
  };
  return {
    draft,
    summary: summary(config, webHosts, created, "finding", `shell ${stem} (confidence ${draft.confidence})`, []),
  };
}
