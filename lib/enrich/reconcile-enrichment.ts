// Finds alerts that are owed an enrichment nobody will run and queues it again. An alert is owed
// one while its state is pending, queued or running; a job in the enrichment queue normally
// carries it. The job can be missing: an import killed between storing and queueing, Redis
// unreachable during the import (the alerts stay `pending`), Redis restarted without its data, a
// worker killed after the job was removed. Such alerts would stay unenriched forever.
//
// An alert counts as orphaned when it has been in that state longer than the grace period (so an
// import that is about to queue its alerts is left alone) and the job of its current generation
// (lib/jobs/queues.ts, enrichJobId) is not live: waiting, active, delayed, prioritized or
// waiting-children. A job that failed after its attempts, completed without the alert's state
// moving on, or is gone counts as not live and the alert is queued again with a new generation
// (requestEnrichment): a failed job would have marked the alert `failed` had it been able to write
// to the database, so its failure was most likely the database or Redis being away.
//
// One reconciler runs at a time across worker processes: a Postgres advisory lock, tried and not
// waited for (another process doing it is as good).
import { getPool } from "../db";
import { QUEUES, enrichJobId, getQueue } from "../jobs/queues";
import { requestEnrichment } from "./request-enrichment";

/** Advisory lock key (pg_try_advisory_lock's bigint), fixed so every worker uses the same one. */
const LOCK_KEY = 0x5e11ca5e01;
/** Alerts looked at per query; job states are asked concurrently by this many. */
const PAGE = 500;
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);
/** Default grace period: long enough for an import to queue the alerts it just stored. */
export const RECONCILE_GRACE_MS = 2 * 60_000;

export interface ReconcileResult {
  /** False when another process held the lock, so this one did nothing. */
  ran: boolean;
  /** Alerts in pending/queued/running state older than the grace period. */
  checked: number;
  /** Of those, queued again because no live job carried them. */
  requeued: number;
}

export async function reconcileEnrichment(opts: { graceMs?: number } = {}): Promise<ReconcileResult> {
  const graceMs = opts.graceMs ?? RECONCILE_GRACE_MS;
  const client = await getPool().connect();
  try {
    const { rows: lock } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      LOCK_KEY,
    ]);
    if (!lock[0]?.locked) return { ran: false, checked: 0, requeued: 0 };
    try {
      const result: ReconcileResult = { ran: true, checked: 0, requeued: 0 };
      const queue = getQueue(QUEUES.enrichment);
      let afterId = 0;
      for (;;) {
        // Uses alerts_kind_enrichment_state_idx only partly; the state filter is selective in practice.
        const { rows } = await client.query<{ id: number; generation: number }>(
          `SELECT id, enrich_generation AS generation FROM alerts
            WHERE enrichment_state IN ('pending', 'queued', 'running')
              AND updated_at < now() - make_interval(secs => $1::double precision / 1000) AND id > $2
            ORDER BY id LIMIT $3`,
          [graceMs, afterId, PAGE],
        );
        if (!rows.length) break;
        afterId = rows[rows.length - 1]!.id;
        result.checked += rows.length;
        const states = await Promise.all(
          rows.map(async (r) => queue.getJobState(await enrichJobId({ alertId: r.id, generation: r.generation }))),
        );
        const orphans = rows.filter((_, i) => !LIVE_STATES.has(states[i]!)).map((r) => r.id);
        if (orphans.length) {
          const queued = await requestEnrichment(orphans);
          // Redis gave the states but not the jobs: try again at the next run.
          if (queued === 0) break;
          result.requeued += queued;
        }
        if (rows.length < PAGE) break;
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
