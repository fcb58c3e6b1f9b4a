// Fault tests on a private Postgres and Redis (tests/support/fault-stack.ts): Postgres crashes
// (immediate stop) during an import, and the web app's health check is asked while it is down.
// The import retries with backoff and completes with no partial rows; the health check answers
// 503 naming the database, and 200 again once it is back, with no restart of anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultStack, type FaultStack } from "../../support/fault-stack";
import { WorkerProcess } from "../../support/worker-process";
import { pollUntil } from "../../support/poll";
import { copyRunning, expectEveryRowOnce, uploadLog } from "../../support/fault-imports";

const LINES = 80_000;

let stack: FaultStack;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  stack = await startFaultStack();
}, 180_000);

afterAll(async () => {
  await worker?.kill();
  if (process.env.SHELLCASE_FAULT_LOGS) console.warn(worker?.log);
  const { closeQueues } = await import("../../../lib/jobs/queues");
  const { closeDb } = await import("../../../lib/db");
  await closeQueues();
  await closeDb();
  await stack?.destroy();
}, 60_000);

describe("Postgres restarted", () => {
  it("during an import: the job retries and completes, with every row exactly once", async () => {
    const batchId = await uploadLog(LINES, 11);
    const { getQueue, importJobId } = await import("../../../lib/jobs/queues");
    const job = (await getQueue("imports").getJob(await importJobId(batchId)))!;

    worker = WorkerProcess.start(stack.env, ["--queues", "imports"]);
    await copyRunning();
    await stack.pg.stop("immediate");
    // The attempt fails on the lost connection, and the job waits for its retry.
    await pollUntil(
      "the interrupted attempt to fail",
      async () => ({ made: (await getQueue("imports").getJob(job.id!))!.attemptsMade, state: await job.getState() }),
      (j) => j.made >= 1 && j.state !== "failed",
      { timeoutMs: 60_000 },
    );
    await stack.pg.start();

    const state = await pollUntil(
      "the import job to finish",
      () => job.getState(),
      (s) => s === "completed" || s === "failed",
      {
        timeoutMs: 150_000,
        everyMs: 250,
      },
    );
    expect(state, worker.log).toBe("completed");
    await expectEveryRowOnce(batchId, LINES);
  }, 300_000);

  it("answers /api/health with 503 while Postgres is down, and 200 again once it is back", async () => {
    const { healthResponse } = await import("../../../lib/health/health-response");
    const up = await healthResponse();
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true, db: "up", redis: "up" });

    await stack.pg.stop("immediate");
    const down = await healthResponse();
    expect(down.status).toBe(503);
    expect(down.headers.get("cache-control")).toBe("no-store");
    const body = await down.text();
    expect(JSON.parse(body)).toEqual({ ok: false, db: "down", redis: "up" });
    // Up/down only: no address, port, user or driver error leaks out.
    expect(body).not.toMatch(/127\.0\.0\.1|postgres(ql)?:|ECONNREFUSED|\d{4,5}/);

    await stack.pg.start();
    // The same process and pools, no restart: the next connections simply succeed.
    const back = await pollUntil(
      "the health check to recover",
      () => healthResponse(),
      (r) => r.status === 200,
      {
        timeoutMs: 30_000,
        everyMs: 250,
      },
    );
    expect(await back.json()).toEqual({ ok: true, db: "up", redis: "up" });
  }, 120_000);
});
