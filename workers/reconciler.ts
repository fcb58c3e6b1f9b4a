// Runs the enrichment reconciler (lib/enrich/reconcile-enrichment.ts) in the worker: once at
// start, then every `intervalS` seconds, one run at a time. A run that fails (Postgres or Redis
// away) is logged and the next one tries again; nothing here needs an operator.
import { logger } from "../lib/logger";
import { reconcileEnrichment } from "../lib/enrich/reconcile-enrichment";

export function startReconciler(opts: { intervalS: number; graceMs?: number }): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const run = async () => {
    try {
      const r = await reconcileEnrichment({ graceMs: opts.graceMs });
      if (r.requeued) logger.info("re-queued enrichment of alerts that had no live job", { ...r });
    } catch (err) {
      logger.warn("enrichment reconciler run failed; next run retries", {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  };
  const tick = () => {
    running = run().finally(() => {
      if (!stopped) timer = setTimeout(tick, opts.intervalS * 1000);
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
