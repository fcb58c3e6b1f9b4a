// "No alert lost at the door" (issue 9): alerts with broken $refs or unreadable Entities import
// with warnings and get enriched; large files stream; alerts left pending by a killed import or
// imported while Redis was unreachable are enriched by the worker's reconciler, with no operator.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "bullmq";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { getEnv } from "../../lib/env";
import { QUEUES, closeQueues, enqueueEnrichment, enrichJobId, getQueue } from "../../lib/jobs/queues";
import { createWorkerConnection } from "../../lib/redis";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { parseAlertFile } from "../../lib/alerts/parse-alert-file";
import { storeAlerts } from "../../lib/alerts/store-alerts";
import { reconcileEnrichment } from "../../lib/enrich/reconcile-enrichment";
import { processEnrichment } from "../../workers/processors/enrichment";
import { startReconciler } from "../../workers/reconciler";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "tests", "fixtures", "alerts");
const BROKEN_REFS = join(FIXTURES, "mde-webshell-alerts.broken-refs.jsonl");
const TRUNCATED = join(FIXTURES, "mde-webshell-alert.truncated-entities.jsonl");
const DANGLING = "b7e1c0de-0001-4a00-8000-00000000dang";
const FORWARD = "b7e1c0de-0002-4a00-8000-000000000fwd";
const SELF = "b7e1c0de-0003-4a00-8000-00000000self";
const TRUNC = "b7e1c0de-0004-4a00-8000-0000000trunc";
const FINAL_STATES = ["done", "not_applicable"];

let worker: Worker | undefined;
const workerConnection = createWorkerConnection();

/** An enrichment worker as `npm run worker` runs it. */
function startWorker(): void {
  worker = new Worker(QUEUES.enrichment, processEnrichment, {
    connection: workerConnection,
    prefix: getEnv().QUEUE_PREFIX,
    concurrency: 4,
  });
}

afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

afterAll(async () => {
  workerConnection.disconnect();
  await closeQueues();
  await closeDb();
});

beforeEach(async () => {
  await getPrisma().alert.deleteMany({ where: { systemAlertId: { in: [DANGLING, FORWARD, SELF, TRUNC] } } });
});

/** Polls until every alert named is in a final enrichment state, or fails after `ms`. */
async function waitUntilEnriched(systemAlertIds: string[], ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const alerts = await getPrisma().alert.findMany({
      where: { systemAlertId: { in: systemAlertIds } },
      orderBy: { systemAlertId: "asc" },
    });
    if (alerts.length === systemAlertIds.length && alerts.every((a) => FINAL_STATES.includes(a.enrichmentState))) {
      return alerts;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `not enriched in ${ms} ms: ${JSON.stringify(alerts.map((a) => [a.systemAlertId, a.enrichmentState]))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, "node_modules", ".bin", "tsx"),
      [join(ROOT, "cli", "main.ts"), ...args],
      { cwd: ROOT, env, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("alerts with broken references or unreadable Entities", () => {
  it("import dangling, forward and self $refs with warnings, resolve the forward one, and get enriched", async () => {
    const summary = await importAlerts([BROKEN_REFS]);
    expect(summary).toMatchObject({ files: 1, imported: 3, rejected: 0, errors: [], enrichmentDeferred: 0 });
    expect(summary.warnings).toEqual([
      {
        file: BROKEN_REFS,
        row: 1,
        reason: 'entity 6 has $ref "77" which points to no $id in this alert; left unresolved',
      },
      {
        file: BROKEN_REFS,
        row: 3,
        reason: 'entity 6 has $ref "10" to itself or an object containing it; left unresolved',
      },
    ]);
    const stored = await getPrisma().alert.findMany({
      where: { systemAlertId: { in: [DANGLING, FORWARD, SELF] } },
      include: { processes: { include: { parent: true } } },
      orderBy: { systemAlertId: "asc" },
    });
    const cmdOf = (id: string) =>
      stored.find((a) => a.systemAlertId === id)!.processes.find((p) => p.entityId === "10")!;
    expect(stored.find((a) => a.systemAlertId === DANGLING)!.importWarnings).toEqual([summary.warnings[0]!.reason]);
    expect(cmdOf(DANGLING)).toMatchObject({ parentRef: null, parentId: null });
    expect(cmdOf(FORWARD).parent?.processId).toBe("5844"); // w3wp.exe, written after cmd.exe
    expect(stored.find((a) => a.systemAlertId === FORWARD)!.importWarnings).toBeNull();
    expect(cmdOf(SELF)).toMatchObject({ parentRef: null, parentId: null });
    // Entities keep the reference as received.
    const selfEntities = stored.find((a) => a.systemAlertId === SELF)!.entities as { $id?: string }[];
    expect(selfEntities.find((e) => e.$id === "10")).toMatchObject({ ParentProcess: { $ref: "10" } });

    startWorker();
    const enriched = await waitUntilEnriched([DANGLING, FORWARD, SELF]);
    expect(enriched.map((a) => a.kind)).toEqual(["command", "command", "command"]);
  });

  it("imports an alert whose Entities was truncated, keeps its text, classifies it as 'entities unreadable' and enriches it", async () => {
    const summary = await importAlerts([TRUNCATED]);
    expect(summary).toMatchObject({ imported: 1, errors: [] });
    expect(summary.warnings).toEqual([
      {
        file: TRUNCATED,
        row: 1,
        reason: expect.stringMatching(/^Entities is not valid JSON \(.+\): kept as text; entities unreadable$/),
      },
    ]);
    const stored = await getPrisma().alert.findUniqueOrThrow({
      where: { systemAlertId: TRUNC },
      include: { hosts: true },
    });
    expect(typeof stored.entities).toBe("string");
    expect((stored.entities as string).length).toBe(700);
    expect(stored.hosts).toEqual([]);

    startWorker();
    const [enriched] = await waitUntilEnriched([TRUNC]);
    expect(enriched!.kindReason).toMatch(/^entities unreadable; /);
    expect(enriched!.enrichmentState).toBe("done");
  });
});

describe("large alert files", () => {
  it("streams a 20,000-alert JSON Lines file of several MB: every row imports", { timeout: 600_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-alerts-big-"));
    const path = join(dir, "big.jsonl");
    const n = 20_000;
    const padding = "x".repeat(400);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(
        JSON.stringify({
          SystemAlertId: `big-${i}`,
          TimeGenerated: "2024-05-14T10:02:13Z",
          ProviderName: "ASC",
          Description: padding,
          Entities: JSON.stringify([{ $id: "1", Type: "host", HostName: `h${i % 97}` }]),
        }),
      );
    }
    // Row 10,001 is broken: one error, every other row in.
    lines[10_000] = "{truncated";
    await writeFile(path, lines.join("\n") + "\n");
    // Without a queue (nothing listens on the port), so that 20,000 jobs don't wait for later tests.
    const env = { ...process.env, REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0`, LOG_LEVEL: "error" };
    const r = await cli(["import", "alerts", path, "--json"], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { imported: number; errors: { row: number }[]; enrichmentDeferred: number };
    expect(doc.imported).toBe(n - 1);
    expect(doc.errors.map((e) => e.row)).toEqual([10_001]);
    expect(doc.enrichmentDeferred).toBe(n - 1);
    const { rows } = await getPool().query<{ alerts: number; hosts: number }>(
      `SELECT count(DISTINCT a.id)::int AS alerts, count(h.id)::int AS hosts
         FROM alerts a JOIN alert_hosts h ON h.alert_id = a.id WHERE a.system_alert_id LIKE 'big-%'`,
    );
    expect(rows[0]).toEqual({ alerts: n - 1, hosts: n - 1 });
    await getPool().query("DELETE FROM alerts WHERE system_alert_id LIKE 'big-%'");
  });
});

describe("the reconciler", () => {
  it("queues alerts a killed import stored without queueing, and a worker enriches them", async () => {
    const { alerts } = await parseAlertFile(readFileSync(BROKEN_REFS, "utf8"), "killed-import.jsonl");
    // What an import killed between storing and queueing leaves: stored, pending, no job.
    await storeAlerts(alerts, null);
    const before = await getPrisma().alert.findMany({ where: { systemAlertId: { in: [DANGLING, FORWARD, SELF] } } });
    expect(before.map((a) => a.enrichmentState)).toEqual(["pending", "pending", "pending"]);

    // Within the grace period nothing is touched: an import may be about to queue them.
    const early = await reconcileEnrichment({ graceMs: 60 * 60_000 });
    expect(early.ran).toBe(true);
    const untouched = await getPrisma().alert.findMany({ where: { systemAlertId: { in: [DANGLING, FORWARD, SELF] } } });
    expect(untouched.map((a) => a.enrichmentState)).toEqual(["pending", "pending", "pending"]);

    const result = await reconcileEnrichment({ graceMs: 0 });
    expect(result.requeued).toBeGreaterThanOrEqual(3);
    startWorker();
    await waitUntilEnriched([DANGLING, FORWARD, SELF]);
  });

  it("leaves an alert whose job is live alone, and lets only one process reconcile at a time", async () => {
    const { alerts } = await parseAlertFile(readFileSync(TRUNCATED, "utf8"), "queued.jsonl");
    const id = (await storeAlerts(alerts, null))[0]!.id;
    const { rows } = await getPool().query<{ generation: number }>(
      "UPDATE alerts SET enrichment_state = 'queued', enrich_generation = enrich_generation + 1 WHERE id = $1 RETURNING enrich_generation AS generation",
      [id],
    );
    const job = { alertId: id, generation: rows[0]!.generation };
    await enqueueEnrichment([job]); // waiting: no worker runs in this test
    expect(await getQueue(QUEUES.enrichment).getJobState(await enrichJobId(job))).toBe("waiting");

    await reconcileEnrichment({ graceMs: 0 });
    const after = await getPrisma().alert.findUniqueOrThrow({ where: { id } });
    expect([after.enrichmentState, after.enrichGeneration]).toEqual(["queued", job.generation]);

    // Another process holds the lock: this one does nothing.
    const other = await getPool().connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [0x5e11ca5e01]);
      expect(await reconcileEnrichment({ graceMs: 0 })).toEqual({ ran: false, checked: 0, requeued: 0 });
      await other.query("SELECT pg_advisory_unlock($1)", [0x5e11ca5e01]);
    } finally {
      other.release();
    }
    // Drain the waiting job so later tests start from an empty queue.
    startWorker();
    await waitUntilEnriched([TRUNC]);
  });

  it("enriches alerts imported while Redis was unreachable: the CLI says so and exits 0, a worker started later enriches them", async () => {
    const env = { ...process.env, REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0`, LOG_LEVEL: "error" };
    const r = await cli(["import", "alerts", BROKEN_REFS], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 alerts imported");
    expect(r.stdout).toMatch(
      /stored 3 alert\(s\) without queueing their enrichment: the job queue \(Redis\) is unreachable/,
    );
    const stored = await getPrisma().alert.findMany({ where: { systemAlertId: { in: [DANGLING, FORWARD, SELF] } } });
    expect(stored.map((a) => a.enrichmentState)).toEqual(["pending", "pending", "pending"]);

    // The worker as it starts: enrichment worker and reconciler, no operator step.
    startWorker();
    const reconciler = startReconciler({ intervalS: 1, graceMs: 0 });
    try {
      await waitUntilEnriched([DANGLING, FORWARD, SELF]);
    } finally {
      await reconciler.stop();
    }
  });
});
