// Runs the enrichment reconciler (lib/enrich/reconcile-enrichment.ts) in the worker that serves
// the enrichment queue: at start, then every `intervalS` seconds.
import { logger } from "../lib/logger";
import { reconcileEnrichment } from "../lib/enrich/reconcile-enrichment";
import { runEvery, type Housekeeper } from "./run-every";

export function startReconciler(opts: { intervalS: number; graceMs?: number }): Housekeeper {
  return runEvery("enrichment reconciler", opts.intervalS * 1000, async () => {
    const r = await reconcileEnrichment({ graceMs: opts.graceMs });
    if (r.requeued) logger.info("re-queued enrichment of alerts that had no live job", { ...r });
  });
}
