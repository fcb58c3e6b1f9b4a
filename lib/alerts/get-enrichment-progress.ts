// How far the current wave of enrichment has got, for the alert queue's progress bar: the
// alerts waiting (pending, queued or running) and those enriched since the oldest of them was
// stored or marked, i.e. "57 of 200 done" after an import of 200 alerts. An alert whose
// enrichment failed leaves the wave (the queue lists it as failed).
import { getPrisma } from "../db";

export interface EnrichmentProgress {
  /** Enriched since the wave began. */
  done: number;
  /** done + waiting. */
  total: number;
  running: number;
}

/** null when nothing waits for enrichment. */
export async function getEnrichmentProgress(): Promise<EnrichmentProgress | null> {
  // alerts_enrichment_state_idx finds the waiting alerts; the done count reads alerts enriched
  // after the wave's start, which only runs while something waits.
  const [row] = await getPrisma().$queryRaw<{ waiting: number; running: number; done: number }[]>`
    WITH waiting AS (
      SELECT count(*)::int AS waiting,
             count(*) FILTER (WHERE enrichment_state = 'running')::int AS running,
             min(updated_at) AS since
        FROM alerts WHERE enrichment_state IN ('pending', 'queued', 'running'))
    SELECT w.waiting, w.running,
           CASE WHEN w.waiting = 0 THEN 0
                ELSE (SELECT count(*)::int FROM alerts a
                       WHERE a.enriched_at >= w.since AND a.enrichment_state IN ('done', 'not_applicable')) END AS done
      FROM waiting w`;
  if (!row || row.waiting === 0) return null;
  return { done: row.done, total: row.done + row.waiting, running: row.running };
}
