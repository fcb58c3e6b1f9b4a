// A housekeeping task of a worker process: run once at start, then every `intervalMs`, one run
// at a time. A run that fails (Postgres or Redis away) is logged and the next one tries again;
// nothing here needs an operator. stop() waits for a run in progress.
import { logger } from "../lib/logger";

export interface Housekeeper {
  stop(): Promise<void>;
}

export function runEvery(name: string, intervalMs: number, run: () => Promise<void>): Housekeeper {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const guarded = async () => {
    try {
      await run();
    } catch (err) {
      logger.warn(`${name} failed; the next run retries`, { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const tick = () => {
    running = guarded().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
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
