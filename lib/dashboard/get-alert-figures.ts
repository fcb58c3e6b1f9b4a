// Alerts for the dashboard: waiting for triage (in no case, not dismissed: the alert queue's
// "open") and not enriched (NOT_ENRICHED_STATES). The same conditions as the alert list's
// disposition=open and state=unenriched filters.
import { NOT_ENRICHED_STATES } from "../alerts/find-alerts";
import { getPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";

export interface AlertFigures {
  waitingForTriage: number;
  notEnriched: number;
}

export async function getAlertFigures(): Promise<AlertFigures> {
  const states = Prisma.join(NOT_ENRICHED_STATES.map((s) => Prisma.sql`${s}::"EnrichmentState"`));
  // Two index-only counts: alerts_case_id_dismissed_at_idx (the NULL, NULL range) and
  // alerts_enrichment_state_idx (the four states); neither reads the alerts themselves.
  const [{ waiting, unenriched }] = await getPrisma().$queryRaw<[{ waiting: number; unenriched: number }]>`
    SELECT (SELECT count(*)::int FROM alerts a WHERE a.case_id IS NULL AND a.dismissed_at IS NULL) AS waiting,
           (SELECT count(*)::int FROM alerts a WHERE a.enrichment_state IN (${states})) AS unenriched`;
  return { waitingForTriage: waiting, notEnriched: unenriched };
}
