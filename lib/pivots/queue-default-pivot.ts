// After enrichment puts a finding in a case: queue the case's default pivot unless a run with
// the same parameters exists already (queued, running or done; a failed one is tried again).
// Called after the enrichment's transaction has committed. Never throws: a pivot is a
// convenience on top of the finding, so a database hiccup or a Redis outage here is logged and
// must not fail the enrichment — the case page can run the pivot later.
import { getPrisma } from "../db";
import { logger } from "../logger";
import { queuePivotRun } from "./create-pivot-run";
import { defaultPivotParamsForCase } from "./default-pivot-params-for-case";
import type { PivotParams } from "./pivot-params";

/** The new run's id, or null when none was queued (already there, nothing to pivot on, or an error). */
export async function queueDefaultPivot(caseId: number): Promise<number | null> {
  try {
    const params = await defaultPivotParamsForCase(caseId);
    if (!params) return null;
    const id = await insertUnlessPresent(caseId, params);
    if (id !== null) await queuePivotRun(id);
    return id;
  } catch (err) {
    logger.warn("default pivot not queued; it can be run from the case page", {
      caseId,
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}

async function insertUnlessPresent(caseId: number, params: PivotParams): Promise<number | null> {
  const json = JSON.stringify(params);
  const lockKey = `pivot-default:${caseId}`;
  // Right after an enrichment, competing with it for connections: wait for one.
  return getPrisma().$transaction(
    async (tx) => {
      // Two alerts of one case enriched at once must not both add the run.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
      // Index: pivot_runs_case_id_created_at_idx; jsonb equality ignores key order.
      const existing = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM pivot_runs WHERE case_id = ${caseId} AND params = ${json}::jsonb AND status <> 'failed' LIMIT 1`;
      if (existing.length) return null;
      const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO pivot_runs (case_id, params) VALUES (${caseId}, ${json}::jsonb) RETURNING id`;
      return rows[0]!.id;
    },
    { maxWait: 30_000 },
  );
}
