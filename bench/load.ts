// Load benchmark: 4 web log imports and the enrichment of a batch of alerts run in a real worker
// process while 20 signed-in users browse the main pages of the built app (`next start`), all on
// 127.0.0.1. Bounded by BENCH_LOAD_SECONDS (default 60) or the end of the background work,
// whichever comes first. Reports requests/s, p50/p95 latency and errors (any answer but 200).
// Needs `npm run build` first; runs against its own database and queue prefix.
import type { ChildProcess } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { freePort } from "../tests/support/free-port";
import { createMigratedDatabase, dropDatabase } from "../tests/support/test-database";
import { deleteQueueKeys } from "../tests/support/test-redis";
import { generateW3cLog } from "./generate-w3c-log";
import { benchAppEnv, percentile, requireBuild, signIn, start, startApp, stop } from "./serve-app";

const USERS = 20;
const IMPORTS = 4;
const ALERTS = 200;
const PAGES = ["/", "/cases", "/alerts", "/imports", "/attackers"];

export interface LoadResult {
  users: number;
  imports: number;
  importLines: number;
  alerts: number;
  seconds: number;
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  /** The reference measured in the same run: the same users browsing with no background work. */
  idle: { requestsPerSec: number; p50Ms: number; p95Ms: number; errors: number };
  errors: number;
  importsCompleted: number;
  alertsEnriched: number;
}

export async function benchLoad(opts: { seconds?: number; importLines?: number } = {}): Promise<LoadResult> {
  const seconds = opts.seconds ?? Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const importLines = opts.importLines ?? Number(process.env.BENCH_LOAD_IMPORT_LINES ?? 100_000);
  requireBuild("load");

  const db = await createMigratedDatabase("shellcase_bench_load");
  const uploads = await mkdtemp(join(tmpdir(), "shellcase-load-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...benchAppEnv({ databaseUrl: db.url, bench: "load", uploadDir: uploads, base }),
    IMPORT_CONCURRENCY: String(IMPORTS),
  };
  Object.assign(process.env, env);
  const children: ChildProcess[] = [];
  try {
    const client = new pg.Client({ connectionString: db.url });
    // Dropping the database in `finally` ends this connection if an error skipped client.end():
    // without a listener that would crash the process and hide the error that got us there.
    client.on("error", () => {});
    await client.connect();
    const password = "load-bench-password";
    const hash = await hashPassword(password);
    for (let i = 0; i < USERS; i++) {
      await client.query(
        `INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, 'analyst', $3, now())`,
        [`user${i}@load.shellcase.test`, `Load user ${i}`, hash],
      );
    }

    children.push(await startApp(port, env));
    children.push(start(["--import", "tsx", "workers/index.ts"], env));
    const cookies = [];
    for (let i = 0; i < USERS; i++) cookies.push(await signIn(base, `user${i}@load.shellcase.test`, password));

    // The reference, in the same run: the same users browsing the same pages with nothing else to
    // do, 10 pages each.
    const idle = await browse(base, cookies, (user, i) => i < user + 10);

    // Background work: 4 imports and a batch of alerts to enrich, queued as uploads would queue them.
    const { createUploadImport } = await import("../lib/ingest/create-upload-import");
    const { enqueueEnrichment, closeQueues } = await import("../lib/jobs/queues");
    for (let i = 0; i < IMPORTS; i++) {
      const path = join(uploads, `gen-${i}.log`);
      await generateW3cLog(path, importLines, 100 + i);
      await createUploadImport({
        startedById: null,
        fileName: `u_ex${i}.log`,
        kind: "web_log",
        body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      });
      await rm(path);
    }
    const alertIds: number[] = [];
    for (let i = 0; i < ALERTS; i++) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO alerts (system_alert_id, provider_name, display_name, severity, time_generated, entities, raw,
                             kind, enrichment_state, updated_at)
         VALUES ($1, 'MDATP', 'Possible IIS web shell', 'Medium', $2, '[]', '{}', 'command', 'queued', now()) RETURNING id`,
        [`load-${randomBytes(8).toString("hex")}`, new Date(Date.UTC(2026, 9, 20, 12))],
      );
      alertIds.push(rows[0]!.id);
    }
    await enqueueEnrichment(alertIds.map((alertId) => ({ alertId, generation: 0 })));
    await closeQueues();

    const background = async () => {
      const { rows } = await client.query<{ imports: number; alerts: number }>(
        `SELECT (SELECT count(*)::int FROM import_batches WHERE status IN ('completed', 'failed', 'rejected')) AS imports,
                (SELECT count(*)::int FROM alerts WHERE enrichment_state IN ('done', 'failed', 'not_applicable')) AS alerts`,
      );
      return rows[0]!;
    };
    const until = Date.now() + seconds * 1000;
    let busy = true;
    const watcher = (async () => {
      while (busy && Date.now() < until) {
        const b = await background();
        if (b.imports >= IMPORTS && b.alerts >= ALERTS) busy = false;
        else await new Promise((r) => setTimeout(r, 500));
      }
      busy = false;
    })();
    const loaded = await browse(base, cookies, () => busy);
    await watcher;
    const done = await background();
    await client.end();
    return {
      users: USERS,
      imports: IMPORTS,
      importLines,
      alerts: ALERTS,
      ...loaded,
      idle: { requestsPerSec: idle.requestsPerSec, p50Ms: idle.p50Ms, p95Ms: idle.p95Ms, errors: idle.errors },
      importsCompleted: done.imports,
      alertsEnriched: done.alerts,
    };
  } finally {
    await Promise.all(children.map(stop));
    const { closeDb } = await import("../lib/db");
    await closeDb();
    await deleteQueueKeys(env.REDIS_URL, env.QUEUE_PREFIX);
    await dropDatabase(db.name);
    await rm(uploads, { recursive: true, force: true });
  }
}

/** Every user fetches pages in turn while `more(user, i)` holds; latency of each, errors (not 200). */
async function browse(base: string, cookies: string[], more: (user: number, i: number) => boolean) {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    cookies.map(async (cookie, u) => {
      for (let i = u; more(u, i); i++) {
        const t = performance.now();
        try {
          const res = await fetch(`${base}${PAGES[i % PAGES.length]}`, { headers: { cookie }, redirect: "manual" });
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsed * 10) / 10,
    requests: latencies.length,
    requestsPerSec: Math.round((latencies.length / elapsed) * 10) / 10,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    errors,
  };
}

export function formatLoad(r: LoadResult): string[] {
  return [
    `\nLoad: ${r.users} signed-in users browsing while ${r.imports} imports (${r.importLines.toLocaleString("en-US")} lines each) and ${r.alerts} enrichments run`,
    `  ${r.requests} requests in ${r.seconds} s: ${r.requestsPerSec} req/s, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, errors ${r.errors} (goal 0: ${r.errors === 0 ? "met" : "NOT met"})`,
    `  reference, same run, same users with nothing in the background: ${r.idle.requestsPerSec} req/s, p50 ${r.idle.p50Ms} ms, p95 ${r.idle.p95Ms} ms, errors ${r.idle.errors}; p95 under load / idle: ${(r.p95Ms / Math.max(1, r.idle.p95Ms)).toFixed(2)}×`,
    `  background work done meanwhile: ${r.importsCompleted}/${r.imports} imports, ${r.alertsEnriched}/${r.alerts} alerts`,
  ];
}
