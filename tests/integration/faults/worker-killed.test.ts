// Fault tests on a private Postgres and Redis (tests/support/fault-stack.ts): worker processes
// are killed with SIGKILL in the middle of an import and of an enrichment batch, and Redis is
// restarted with jobs waiting. After a worker runs again, every row and every alert is there
// exactly once and nothing is left running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { startFaultStack, type FaultStack } from "../../support/fault-stack";
import { WorkerProcess } from "../../support/worker-process";
import { pollUntil } from "../../support/poll";
import { makeAlert } from "../../support/case-factories";
import { appPool, copyRunning, expectEveryRowOnce, scalar, uploadLog } from "../../support/fault-imports";

const LINES = 80_000;

let stack: FaultStack;
const running: WorkerProcess[] = [];

function startWorker(queues: string): WorkerProcess {
  const worker = WorkerProcess.start(stack.env, ["--queues", queues]);
  running.push(worker);
  return worker;
}

async function queue(name: "imports" | "enrichment") {
  return (await import("../../../lib/jobs/queues")).getQueue(name);
}

beforeAll(async () => {
  stack = await startFaultStack();
}, 180_000);

afterAll(async () => {
  await Promise.all(running.map((w) => w.kill()));
  if (process.env.SHELLCASE_FAULT_LOGS) for (const w of running) console.warn(w.log);
  const { closeQueues } = await import("../../../lib/jobs/queues");
  const { closeDb } = await import("../../../lib/db");
  await closeQueues();
  await closeDb();
  await stack?.destroy();
}, 60_000);

/** Alerts queued for enrichment, as an import leaves them, with their jobs in the queue. */
async function queueAlerts(n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await makeAlert({ commandLine: `cmd.exe /c whoami ${i}` })).id);
  await (await appPool()).query("UPDATE alerts SET enrichment_state = 'queued' WHERE id = ANY($1)", [ids]);
  const { enqueueEnrichment } = await import("../../../lib/jobs/queues");
  await enqueueEnrichment(ids.map((alertId) => ({ alertId, generation: 0 })));
  return ids;
}

async function statesOf(ids: number[]): Promise<Record<string, number>> {
  const { rows } = await (
    await appPool()
  ).query<{ state: string; n: number }>(
    "SELECT enrichment_state::text AS state, count(*)::int AS n FROM alerts WHERE id = ANY($1) GROUP BY 1",
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function importJobOf(batchId: number) {
  const { importJobId } = await import("../../../lib/jobs/queues");
  return (await (await queue("imports")).getJob(await importJobId(batchId)))!;
}

describe("a worker stopped with SIGTERM in the middle of an import", () => {
  it("exits 0 within its grace period, and the import ends with every row once", async () => {
    const batchId = await uploadLog(LINES, 5);
    const worker = startWorker("imports");
    await copyRunning();
    const t0 = Date.now();
    expect(await worker.terminate()).toBe(0);
    // WORKER_SHUTDOWN_GRACE_S is 5 in the fault stack; docker-compose allows 5 s more before SIGKILL.
    expect(Date.now() - t0).toBeLessThan(5_000 + 5_000);
    // Finished within the grace, or handed back and finished by the next worker: never twice.
    startWorker("imports");
    const job = await importJobOf(batchId);
    await pollUntil(
      "the import job to finish",
      () => job.getState(),
      (s) => s === "completed" || s === "failed",
      {
        timeoutMs: 150_000,
        everyMs: 250,
      },
    );
    await expectEveryRowOnce(batchId, LINES);
  }, 300_000);
});

describe("a worker killed with SIGKILL", () => {
  it("in the middle of a large import: the job runs again and every row is stored exactly once", async () => {
    const batchId = await uploadLog(LINES, 7);
    const first = startWorker("imports");
    // Mid-flight: the batch says running and its COPY is streaming rows into Postgres.
    await copyRunning();
    await first.kill();
    const left = await (
      await appPool()
    ).query("SELECT status, stored_path FROM import_batches WHERE id = $1", [batchId]);
    expect(left.rows[0].status).toBe("running");
    expect(await scalar("SELECT count(*)::int AS n FROM web_requests WHERE batch_id = $1", [batchId])).toBe(0);

    startWorker("imports");
    // The job's end, not the batch row's: the row says completed at commit, before the file goes.
    const job = await importJobOf(batchId);
    const state = await pollUntil(
      "the import job to finish after the restart",
      () => job.getState(),
      (s) => s === "completed" || s === "failed",
      { timeoutMs: 150_000, everyMs: 250 },
    );
    expect(state).toBe("completed");
    await expectEveryRowOnce(batchId, LINES);
    expect(existsSync(left.rows[0].stored_path)).toBe(false);
  }, 300_000);

  it("in the middle of an enrichment batch: every alert ends enriched once, none left queued or running", async () => {
    const ids = await queueAlerts(400);
    const first = startWorker("enrichment,pivots");
    const atKill = await pollUntil(
      "enrichment to be under way",
      () => statesOf(ids),
      (s) => (s.done ?? 0) >= 20,
      { timeoutMs: 90_000, everyMs: 25 },
    );
    await first.kill();
    // Killed mid-batch, not after it.
    expect(atKill.done ?? 0).toBeLessThan(ids.length);

    startWorker("enrichment,pivots");
    const final = await pollUntil(
      "every alert to be enriched after the restart",
      () => statesOf(ids),
      (s) => s.done === ids.length,
      { timeoutMs: 150_000, everyMs: 250 },
    );
    expect(final).toEqual({ done: ids.length });
    // Command alerts with no web logs: enriched, with no finding; never a duplicate.
    expect(await scalar("SELECT count(*)::int AS n FROM findings WHERE alert_id = ANY($1)", [ids])).toBe(0);
    const counts = await (
      await queue("enrichment")
    ).getJobCounts("completed", "failed", "waiting", "active", "delayed");
    expect(counts).toEqual({ completed: ids.length, failed: 0, waiting: 0, active: 0, delayed: 0 });
  }, 300_000);
});

describe("Redis restarted", () => {
  it("keeps the jobs waiting in it, and a running worker reconnects and takes new ones", async () => {
    // The workers of the tests above stop as docker stop would stop them: SIGTERM, exit 0.
    for (const w of running.splice(0)) if (w.alive) expect(await w.terminate()).toBe(0);
    const waiting = await queueAlerts(50);
    const before = await (await queue("enrichment")).getJobCounts("waiting");
    expect(before.waiting).toBe(50);
    const { closeQueues } = await import("../../../lib/jobs/queues");
    await closeQueues();

    await stack.redis.stop();
    await stack.redis.start();
    expect((await (await queue("enrichment")).getJobCounts("waiting")).waiting).toBe(50);

    startWorker("enrichment,pivots");
    await pollUntil(
      "the waiting jobs to be processed",
      () => statesOf(waiting),
      (s) => s.done === 50,
      {
        timeoutMs: 120_000,
      },
    );

    // Restarted under the running worker: it reconnects by itself and processes what comes next.
    await closeQueues();
    await stack.redis.stop();
    await stack.redis.start();
    const later = await queueAlerts(20);
    await pollUntil(
      "jobs added after the restart to be processed",
      () => statesOf(later),
      (s) => s.done === 20,
      {
        timeoutMs: 120_000,
      },
    );
  }, 300_000);
});
