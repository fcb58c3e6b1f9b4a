// Default-mode enrichment of one stored alert: classify it, let its strategy (command or file,
// ./strategies/) find the shell, the site, the attackers and (file alerts) the request that
// installed it, then store the result and, when confident, the finding (lib/findings) and its
// case (lib/cases) in one transaction, auditing as the system what it changed. Idempotent:
// re-running with the same data writes the same rows and no audit entry.
import type { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import { caseTopic, type LiveEvent } from "../live/events";
import { publishLive } from "../live/publish";
import { loadAlertForEnrichment } from "./load-alert-for-enrichment";
import { AppError } from "../errors";
import { assignCase } from "../cases/assign-case";
import { upsertCaseAttackers } from "../attackers/upsert-case-attackers";
import { queueDefaultPivot } from "../pivots/queue-default-pivot";
import { fetchAttackerHistory } from "../pivots/fetch-pivot-evidence";
import { deleteFinding, findingValues, getStoredFinding, saveFinding } from "../findings/save-finding";
import { recordFindingChange } from "../findings/record-finding-change";
import type { FindingDraft } from "../findings/finding-draft";
import { classifyAlert } from "./classify-alert";
import { DEFAULT_ENRICH_CONFIG, FINDING_MIN_CONFIDENCE, type EnrichConfig } from "./enrich-config";
import { summary, type EnrichmentSummary } from "./enrichment-summary";
import { enrichCommandAlert } from "./strategies/command-alert";
import { enrichFileAlert } from "./strategies/file-alert";

// Prisma's defaults (2 s to get a connection, 5 s to finish) are for clicks; an enrichment links
// every attacker of its finding and competes with imports for connections. The pg transactions
// this replaced had no limit.
const TX_OPTIONS = { maxWait: 30_000, timeout: 120_000 };

export type EnrichOutcome = "finding" | "no_finding" | "not_applicable" | "skipped";

export async function enrichAlert(
  alertId: number,
  opts: { generation?: number; config?: Partial<EnrichConfig> } = {},
): Promise<EnrichOutcome> {
  const config: EnrichConfig = { ...DEFAULT_ENRICH_CONFIG, ...opts.config };
  const prisma = getPrisma();
  const alert = await loadAlertForEnrichment(alertId);
  if (!alert) throw new AppError("not_found", `alert ${alertId} does not exist`);
  // A newer generation is queued: this job's view of the evidence is already out of date.
  if (opts.generation !== undefined && alert.enrichGeneration > opts.generation) return "skipped";

  const classification = classifyAlert(alert);
  if (classification.kind === "other") {
    const s = summary(config, [], null, "not_applicable", classification.reason, []);
    await prisma.$transaction(async (tx) => {
      await storeFinding(tx, alertId, null, alert.enrichGeneration, alert.severity);
      await tx.$executeRaw`
        UPDATE alerts SET kind = 'other', kind_reason = ${classification.reason}, enrichment_state = 'not_applicable',
               enrichment_error = NULL, enriched_at = now(), enrichment = ${JSON.stringify(s)}::jsonb, updated_at = now()
         WHERE id = ${alertId}`;
    }, TX_OPTIONS);
    await publishLive(enrichedEvents(alertId, null));
    return "not_applicable";
  }
  await prisma.$executeRaw`
    UPDATE alerts SET kind = ${classification.kind}::"AlertKind", kind_reason = ${classification.reason},
           enrichment_state = 'running'
     WHERE id = ${alertId}`;

  try {
    const { draft, summary: s } =
      classification.kind === "command"
        ? await enrichCommandAlert(alert, config)
        : await enrichFileAlert(alert, config);
    const confident = !!draft && draft.confidence >= FINDING_MIN_CONFIDENCE;
    // The attackers' history from enabled workspaces, so their profiles' first and last seen are
    // what the whole log says (a no-op without workspaces or when already fetched).
    if (confident) for (const a of draft.attackers) await fetchAttackerHistory(a, alert.timeGenerated);
    const caseId = await prisma.$transaction(async (tx) => {
      const held = await storeFinding(tx, alertId, confident ? draft : null, alert.enrichGeneration, alert.severity);
      await tx.$executeRaw`
        UPDATE alerts SET enrichment_state = 'done', enrichment_error = NULL, enriched_at = now(),
               enrichment = ${JSON.stringify(s satisfies EnrichmentSummary)}::jsonb, updated_at = now()
         WHERE id = ${alertId}`;
      return held;
    }, TX_OPTIONS);
    // After the commit, and never failing the enrichment (it logs what went wrong).
    await publishLive(enrichedEvents(alertId, caseId));
    if (caseId !== null) await queueDefaultPivot(caseId);
    return confident ? "finding" : "no_finding";
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await prisma.$executeRaw`UPDATE alerts SET enrichment_state = 'failed', enrichment_error = ${message} WHERE id = ${alertId}`;
    await publishLive(enrichedEvents(alertId, null));
    throw err;
  }
}

/** The alert queue hears of every enrichment; a case and the cases list when a finding is in it. */
function enrichedEvents(alertId: number, caseId: number | null): LiveEvent[] {
  const events: LiveEvent[] = [{ topic: "alerts", kind: "alert.enriched", data: { id: alertId } }];
  if (caseId !== null) {
    events.push({ topic: caseTopic(caseId), kind: "case.changed" }, { topic: "cases", kind: "case.changed" });
  }
  return events;
}

/**
 * Writes the alert's finding (or removes it when `draft` is null), puts it in its case, keeps the
 * cases' attacker links and audits the change. Returns the finding's case, or null without one.
 */
async function storeFinding(
  tx: Prisma.TransactionClient,
  alertId: number,
  draft: FindingDraft | null,
  generation: number,
  severity: string | null,
): Promise<number | null> {
  // The alert row first, as an analyst's move does: the two then lock in the same order.
  const alertRows = await tx.$queryRaw<{ case_id: number | null }[]>`
    SELECT case_id FROM alerts WHERE id = ${alertId} FOR UPDATE`;
  const alertCaseId = alertRows[0]?.case_id ?? null;
  const previous = await getStoredFinding(tx, alertId);
  // The case the finding was in: it loses the finding's attackers if the finding moves or goes.
  const previousCaseId = previous?.values.caseId ?? null;
  if (!draft) {
    if (!previous) return null;
    await deleteFinding(tx, alertId);
    if (previousCaseId !== null) await upsertCaseAttackers(tx, previousCaseId, []);
    await recordFindingChange(tx, { findingId: previous.id, before: previous.values, after: null, alertCaseId });
    return null;
  }
  const findingId = await saveFinding(tx, alertId, draft, generation);
  const caseId = await assignCase(tx, { id: findingId, alertId, ...draft }, alertCaseId, severity);
  await upsertCaseAttackers(tx, caseId, draft.attackers);
  if (previousCaseId !== null && previousCaseId !== caseId) await upsertCaseAttackers(tx, previousCaseId, []);
  await recordFindingChange(tx, {
    findingId,
    before: previous?.values ?? null,
    after: findingValues(alertId, caseId, draft),
    alertCaseId,
  });
  return caseId;
}
