// A change and what follows its commit. `transact` runs `fn` in one Prisma interactive
// transaction and hands it an AfterCommit: live events and follow-up work (enqueueing an
// email) registered there run only once the transaction has committed, and never when it rolls
// back. Follow-ups are best effort and never fail the change that committed: a job they fail to
// enqueue is found again by its reconciler (an outbox row), a live event lost to a Redis outage
// is caught up by the page's next load.
import { getPrisma } from "./db";
import type { Prisma } from "./generated/prisma/client";
import type { LiveData, LiveEvent, LiveTopic } from "./live/events";
import { publishLive } from "./live/publish";
import { logger } from "./logger";

export class AfterCommit {
  readonly events: LiveEvent[] = [];
  readonly tasks: { name: string; run: () => Promise<unknown> }[] = [];

  /** Tell the pages showing `topic` that something changed. */
  live(topic: LiveTopic, kind: string, data?: LiveData): void {
    this.events.push(data === undefined ? { topic, kind } : { topic, kind, data });
  }

  /** Run `run` after the commit (e.g. enqueue a job); its failure is logged, not thrown. */
  then(name: string, run: () => Promise<unknown>): void {
    this.tasks.push({ name, run });
  }

  async flush(): Promise<void> {
    for (const task of this.tasks) {
      try {
        await task.run();
      } catch (err) {
        logger.warn("after-commit task failed", {
          task: task.name,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    if (this.events.length > 0) await publishLive(this.events);
  }
}

export async function transact<T>(fn: (tx: Prisma.TransactionClient, after: AfterCommit) => Promise<T>): Promise<T> {
  const after = new AfterCommit();
  const result = await getPrisma().$transaction((tx) => fn(tx, after));
  await after.flush();
  return result;
}
