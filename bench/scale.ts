// Scale benchmark (`npm run bench -- scale [--scale 0.1] [--reseed] [--seconds 12] [--connections 10]`):
// the built app (`next start`) over a database of 100,000 cases, 1,000,000 alerts and 10,000,000
// web requests (bench/scale-seed.ts), driven signed in with autocannon, one page at a time: the
// dashboard, the cases list (default and filtered), the alert queue (filtered and sorted), the
// busiest case's page and three searches. Each page: a warm-up, then `seconds` at `connections`
// concurrent connections; p50/p95/p99 of every response, requests/s, and answers other than 200
// (a redirect to /login is one). Goal: p95 ≤ 200 ms per page. Then the live event stream: 200
// concurrent `GET /api/v1/events` streams, a real case change, and each stream's delay from the
// change's commit to its frame (goal p95 ≤ 1 s) — bench/scale-streams.ts.
//
// Seeding takes minutes, so the database is kept between runs: `shellcase_bench_scale` (scale 1)
// or `shellcase_bench_scale_<scale>`, with a marker table (bench_scale_seed) holding the seed
// version, the scale and each migration's checksum. It is reseeded when the version or scale
// differs, when a migration it was built with has changed, or with --reseed; migrations added
// since are applied to it, as a deployment would (an index added for speed must not cost a
// 15-minute reseed). `--seed-only` stops after seeding. Results: bench/results/scale-latest.json
// and a dated copy (scaled-down runs: scale-x<scale>-latest.json).
import { createHash } from "node:crypto";
import { readdir, readFile, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { freePort } from "../tests/support/free-port";
import { ADMIN_URL, databaseUrl, migrateDatabase } from "../tests/support/test-database";
import { deleteQueueKeys } from "../tests/support/test-redis";
import { SCALE_BENCH_EMAIL, SCALE_SEED_VERSION, seedScale, type ScaleCounts } from "./scale-seed";
import { benchStreams, formatStreams, type StreamsResult } from "./scale-streams";
import { ROOT, benchAppEnv, percentile, requireBuild, signIn, startApp, stop } from "./serve-app";

const PASSWORD = "scale-bench-password";
const GOAL_P95_MS = 200;

export interface PageFigure {
  name: string;
  path: string;
  /** Bytes of one answer (HTML), read once before the run. */
  bytes: number;
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers other than 200 (redirects included) and connection errors or timeouts. */
  non200: number;
  errors: number;
  /** The box's 1-minute load average as the page's run ended (2 cores: above 2, others were busy too). */
  loadAverage: number;
  met: boolean;
}

export interface ScaleResult {
  when: string;
  machine: string;
  /** 1-minute load average before the run: other work on the box shows here. */
  loadAverageBefore: number;
  scale: number;
  database: string;
  counts: ScaleCounts & { stored: Record<string, number> };
  seededAt: string;
  seedSeconds: number;
  reseededThisRun: boolean;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  pages: PageFigure[];
  streams: StreamsResult | { skipped: string };
}

/** Each migration's name and the sha256 of its SQL, in order. */
async function migrationHashes(): Promise<Record<string, string>> {
  const dir = join(ROOT, "prisma", "migrations");
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    out[name] = createHash("sha256")
      .update(await readFile(join(dir, name, "migration.sql")))
      .digest("hex");
  }
  return out;
}

/** The kept database's migrations are these, or a prefix of these (new migrations since: applied, not reseeded). */
function migrationsState(kept: Record<string, string>, now: Record<string, string>): "same" | "behind" | "differ" {
  const keptNames = Object.keys(kept);
  if (keptNames.some((n) => now[n] !== kept[n])) return "differ";
  return keptNames.length === Object.keys(now).length ? "same" : "behind";
}

interface Seeded {
  name: string;
  url: string;
  counts: ScaleCounts;
  seededAt: string;
  seedSeconds: number;
  reseeded: boolean;
}

/** The kept database for this scale, seeded unless its marker matches this seed and these migrations. */
async function ensureSeeded(scale: number, reseed: boolean): Promise<Seeded> {
  const name = scale === 1 ? "shellcase_bench_scale" : `shellcase_bench_scale_${String(scale).replace(/\W/g, "_")}`;
  const url = databaseUrl(name);
  const migrations = await migrationHashes();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
    if (exists && !reseed) {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const { rows } = await db
          .query<{
            version: string;
            migrations: Record<string, string>;
            scale: number;
            counts: ScaleCounts;
            seeded_at: Date;
            seconds: number;
          }>(`SELECT version, migrations, scale, counts, seeded_at, seconds FROM bench_scale_seed`)
          .catch(() => ({ rows: [] }));
        const m = rows[0];
        const state = m ? migrationsState(m.migrations, migrations) : "differ";
        if (m && m.version === SCALE_SEED_VERSION && m.scale === scale && state !== "differ") {
          if (state === "behind") {
            // Migrations added since the seed (an index, a column): applied as a deployment would.
            console.log(`scale bench: applying the migrations added since ${name} was seeded`);
            await migrateDatabase(url);
            await db.query(`UPDATE bench_scale_seed SET migrations = $1`, [JSON.stringify(migrations)]);
            await db.query("ANALYZE");
          }
          console.log(`scale bench: reusing ${name} (seeded ${m.seeded_at.toISOString()})`);
          return {
            name,
            url,
            counts: m.counts,
            seededAt: m.seeded_at.toISOString(),
            seedSeconds: m.seconds,
            reseeded: false,
          };
        }
        console.log(
          `scale bench: ${name} was seeded by ${m ? `seed ${m.version} at scale ${m.scale}, migrations ${state}` : "nothing known"}: reseeding`,
        );
      } finally {
        await db.end();
      }
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const t0 = performance.now();
  await migrateDatabase(url);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    console.log(`scale bench: seeding ${name} at scale ${scale}…`);
    const counts = await seedScale(db, scale, await hashPassword(PASSWORD), (line) => console.log(line));
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    await db.query(
      `CREATE TABLE bench_scale_seed (version text NOT NULL, migrations jsonb NOT NULL, scale float8 NOT NULL,
                                      counts jsonb NOT NULL, seconds float8 NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await db.query<{ seeded_at: Date }>(
      `INSERT INTO bench_scale_seed (version, migrations, scale, counts, seconds) VALUES ($1, $2, $3, $4, $5) RETURNING seeded_at`,
      [SCALE_SEED_VERSION, JSON.stringify(migrations), scale, JSON.stringify(counts), seconds],
    );
    console.log(`scale bench: seeded in ${seconds} s`);
    return { name, url, counts, seededAt: rows[0]!.seeded_at.toISOString(), seedSeconds: seconds, reseeded: true };
  } finally {
    await db.end();
  }
}

/** Row counts of what the pages read, and the database's size on disk. */
async function storedCounts(url: string): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const tables = [
      "cases",
      "alerts",
      "findings",
      "attacker_profiles",
      "case_notes",
      "case_tasks",
      "case_status_changes",
      "audit_entries",
    ];
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await db.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    out.web_requests = Number((await db.query(`SELECT sum(requests) AS n FROM web_log_sources`)).rows[0].n);
    out.databaseMb = Math.round(
      Number((await db.query(`SELECT pg_database_size(current_database()) AS n`)).rows[0].n) / 2 ** 20,
    );
    return out;
  } finally {
    await db.end();
  }
}

/** The pages to drive, with the seeded values they name (the busy case, its attacker's IP and user agent). */
async function pagesFor(url: string, counts: ScaleCounts): Promise<{ name: string; path: string; expect: string }[]> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ number: string; ip: string; user_agent: string }>(
      `SELECT c.number, p.ip, p.user_agent FROM cases c JOIN case_attackers ca ON ca.case_id = c.id
         JOIN attacker_profiles p ON p.id = ca.attacker_id WHERE c.id = $1 ORDER BY p.id LIMIT 1`,
      [counts.busyCase],
    );
    const busy = rows[0]!;
    const cidr = `${busy.ip.split(".").slice(0, 3).join(".")}.0/24`;
    // The distinctive part of the attacker's user agent: Chrome/<major>.0.<build>.
    const ua = busy.user_agent.match(/Chrome\/[\d.]+/)![0];
    const q = (s: string) => encodeURIComponent(s);
    return [
      { name: "dashboard", path: "/", expect: "Alerts waiting for triage" },
      { name: "cases list", path: "/cases", expect: "CASE-" },
      { name: "cases list, open and unassigned", path: "/cases?status=open&owner=none", expect: "CASE-" },
      {
        name: "alert queue, open, by severity",
        path: "/alerts?disposition=open&sort=severity&dir=desc",
        expect: "<table",
      },
      {
        name: "alert queue, command alerts enriched, by host",
        path: "/alerts?kind=command&state=done&sort=host&dir=asc",
        expect: "<table",
      },
      { name: `case page (${busy.number}: 300 alerts, 100 notes)`, path: `/cases/${busy.number}`, expect: busy.number },
      { name: `search: CIDR ${cidr}`, path: `/search?q=${q(cidr)}`, expect: "search-result" },
      { name: `search: user agent "${ua}"`, path: `/search?q=${q(ua)}`, expect: "search-result" },
      {
        name: 'search: command "certutil.exe -urlcache"',
        path: `/search?q=${q("certutil.exe -urlcache")}`,
        expect: "search-result",
      },
    ];
  } finally {
    await db.end();
  }
}

function drive(
  url: string,
  cookie: string,
  connections: number,
  seconds: number,
): Promise<{ latencies: number[]; non200: number; errors: number; elapsed: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let non200 = 0;
    const t0 = performance.now();
    const instance = autocannon(
      { url, connections, duration: seconds, headers: { cookie }, timeout: 30 },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          latencies,
          non200,
          errors: result.errors + result.timeouts,
          elapsed: (performance.now() - t0) / 1000,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== 200) non200++;
    });
  });
}

export async function benchScale(opts: {
  scale: number;
  reseed: boolean;
  seconds: number;
  warmup: number;
  connections: number;
  streams: number;
}): Promise<ScaleResult> {
  requireBuild("scale");
  const seeded = await ensureSeeded(opts.scale, opts.reseed);
  const stored = await storedCounts(seeded.url);
  const loadAverageBefore = Math.round(loadavg()[0]! * 100) / 100;
  const uploads = await mkdtemp(join(tmpdir(), "shellcase-scale-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = benchAppEnv({ databaseUrl: seeded.url, bench: "scale", uploadDir: uploads, base });
  const app = await startApp(port, env);
  try {
    const cookie = await signIn(base, SCALE_BENCH_EMAIL, PASSWORD);
    const pages: PageFigure[] = [];
    for (const page of await pagesFor(seeded.url, seeded.counts)) {
      // One answer first: it must be the page itself, signed in (not the login page or an error).
      const res = await fetch(`${base}${page.path}`, { headers: { cookie }, redirect: "manual" });
      const html = await res.text();
      if (res.status !== 200 || !html.includes(page.expect)) {
        throw new Error(`scale bench: ${page.path} answered ${res.status} without "${page.expect}"`);
      }
      if (opts.warmup > 0) await drive(`${base}${page.path}`, cookie, opts.connections, opts.warmup);
      const run = await drive(`${base}${page.path}`, cookie, opts.connections, opts.seconds);
      const sorted = run.latencies.sort((a, b) => a - b);
      const figure: PageFigure = {
        name: page.name,
        path: page.path,
        bytes: Buffer.byteLength(html),
        requests: sorted.length,
        requestsPerSec: Math.round((sorted.length / run.elapsed) * 10) / 10,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
        non200: run.non200,
        // In flight when the run ended: not counted by autocannon. With none answered at all, every
        // answer took longer than the run.
        errors: run.errors,
        loadAverage: Math.round(loadavg()[0]! * 100) / 100,
        met: false,
      };
      figure.met = figure.p95Ms <= GOAL_P95_MS && figure.non200 === 0 && figure.errors === 0 && figure.requests > 0;
      console.log(formatPage(figure));
      pages.push(figure);
    }
    const streams = await benchStreams({ base, cookie, env, streams: opts.streams });
    return {
      when: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
      loadAverageBefore,
      scale: opts.scale,
      database: seeded.name,
      counts: { ...seeded.counts, stored },
      seededAt: seeded.seededAt,
      seedSeconds: seeded.seedSeconds,
      reseededThisRun: seeded.reseeded,
      connections: opts.connections,
      warmupSeconds: opts.warmup,
      seconds: opts.seconds,
      pages,
      streams,
    };
  } finally {
    await stop(app);
    await deleteQueueKeys(env.REDIS_URL, env.QUEUE_PREFIX);
    await rm(uploads, { recursive: true, force: true });
  }
}

function formatPage(p: PageFigure): string {
  if (p.requests === 0) return `  ${p.name.padEnd(58)} no answer within the run (each took longer)  NOT met`;
  return `  ${p.name.padEnd(58)} p50 ${String(p.p50Ms).padStart(6)} ms  p95 ${String(p.p95Ms).padStart(6)} ms  p99 ${String(p.p99Ms).padStart(6)} ms  ${String(p.requestsPerSec).padStart(6)} req/s  non-200 ${p.non200}  errors ${p.errors}  load ${p.loadAverage}  ${p.met ? "met" : "NOT met"}`;
}

export function formatScale(r: ScaleResult): string[] {
  const s = r.counts.stored;
  const n = (v: number) => v.toLocaleString("en-US");
  return [
    `\nScale (×${r.scale}): ${n(s.cases!)} cases, ${n(s.alerts!)} alerts, ${n(s.web_requests!)} web requests (${n(s.databaseMb!)} MB); ${r.connections} connections, ${r.seconds} s per page after ${r.warmupSeconds} s of warm-up; load average before ${r.loadAverageBefore}`,
    ...r.pages.map(formatPage),
    ...("skipped" in r.streams ? [`  event streams: not run (${r.streams.skipped})`] : formatStreams(r.streams)),
  ];
}

/** `npm run bench -- scale …`: runs it and writes bench/results/scale-latest.json and a dated copy. */
export async function runScaleCli(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: "string", default: "1" },
      reseed: { type: "boolean", default: false },
      seconds: { type: "string", default: "12" },
      warmup: { type: "string", default: "3" },
      connections: { type: "string", default: "10" },
      streams: { type: "string", default: "200" },
      "seed-only": { type: "boolean", default: false },
    },
  });
  const num = (v: string, what: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`scale bench: --${what} must be a positive number, not ${v}`);
    return x;
  };
  if (values["seed-only"]) {
    await ensureSeeded(num(values.scale, "scale"), values.reseed);
    return;
  }
  const result = await benchScale({
    scale: num(values.scale, "scale"),
    reseed: values.reseed,
    seconds: num(values.seconds, "seconds"),
    warmup: Number(values.warmup),
    connections: num(values.connections, "connections"),
    streams: num(values.streams, "streams"),
  });
  for (const line of formatScale(result)) console.log(line);
  const dir = join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  // Only full-size runs are the benchmark's figures; a scaled-down run keeps its own file.
  // and a run at another concurrency than the default 10 connections keeps its own too.
  const stem = `scale${result.scale === 1 ? "" : `-x${result.scale}`}${result.connections === 10 ? "" : `-c${result.connections}`}`;
  const body = JSON.stringify(result, null, 2) + "\n";
  await writeFile(join(dir, `${stem}-latest.json`), body);
  if (stem === "scale") await writeFile(join(dir, `${stem}-${result.when.slice(0, 10)}.json`), body);
}
