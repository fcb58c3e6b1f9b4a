import { describe, expect, it } from "vitest";
import { JOB_ATTEMPTS, jobOptions, QUEUES } from "./queues";

/** Total wait of BullMQ's exponential backoff over a job's retries. */
function totalBackoffMs(attempts: number, delay: number): number {
  let total = 0;
  for (let made = 1; made < attempts; made++) total += 2 ** (made - 1) * delay;
  return total;
}

describe("job options", () => {
  it("retry every queue's jobs for minutes, long enough to outlast a Postgres or Redis restart", () => {
    for (const name of Object.values(QUEUES)) {
      const opts = jobOptions(name, 5000);
      expect(opts.attempts, name).toBe(JOB_ATTEMPTS[name]);
      expect(opts.backoff, name).toEqual({ type: "exponential", delay: 5000 });
      const total = totalBackoffMs(opts.attempts!, 5000);
      expect(total, name).toBeGreaterThanOrEqual(5 * 60_000);
      expect(total, name).toBeLessThanOrEqual(60 * 60_000);
    }
  });
});
