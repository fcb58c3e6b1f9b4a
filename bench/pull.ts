// Pull benchmark: the same generated IIS traffic stored twice, each in a database of its own and
// each by the real CLI in a process of its own — (a) imported from the scenario's W3C files, (b)
// fetched from the local Log Analytics workspace (scripts/fake-workspace/main.ts, another
// process, over HTTPS through the real query client) with `fetch-logs --source` full syncs, one
// per host. Rows stored per second and each process's peak RSS (VmHWM), in the same run.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createMigratedDatabase, dropDatabase } from "../tests/support/test-database";
import { generateScenario, writeScenario } from "../tests/scenario/generate-scenario";

const ROOT = join(import.meta.dirname, "..");
const DAY = 86_400_000;

export interface PullResult {
  rows: number;
  importRowsPerSec: number;
  importSeconds: number;
  importPeakRssMb: number;
  pullRowsPerSec: number;
  pullSeconds: number;
  pullPeakRssMb: number;
  ratio: number;
  queries: number;
}

interface Measured {
  seconds: number;
  hwmMb: number;
  stdout: string;
}

/** Runs `node [flags] --import tsx <args>` and samples its VmHWM until it exits. */
async function measured(args: string[], env: Record<string, string>): Promise<Measured> {
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const nodeFlags = pkg.scripts.cli!.split(" ").filter((t) => t.startsWith("--max-"));
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", ...args], {
    cwd: ROOT,
    env: {
      REDIS_URL: "redis://127.0.0.1:6379/0",
      QUEUE_PREFIX: "shellcase_bench_pull",
      ...process.env,
      ...env,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  let hwmKb = 0;
  const timer = setInterval(() => {
    readFile(`/proc/${child.pid}/status`, "utf8")
      .then((s) => {
        const m = /VmHWM:\s+(\d+) kB/.exec(s);
        if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
      })
      .catch(() => {});
  }, 50);
  const code: number = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}: ${stdout.slice(0, 2000)}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, hwmMb: hwmKb / 1024, stdout };
}

async function count(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM web_requests")).rows[0]!.n);
  } finally {
    await c.end();
  }
}

export async function benchPull(requestsPerServerPerDay = Number(process.env.BENCH_PULL_REQUESTS_PER_DAY ?? 50_000)) {
  const options = {
    start: new Date("2022-03-07T00:00:00Z"),
    days: 2,
    servers: 2,
    requestsPerServerPerDay,
    intrusions: 2,
    returningActor: true,
    seed: 11,
  };
  const dir = await mkdtemp(join(tmpdir(), "shellcase-bench-pull-"));
  const scenario = generateScenario(options);
  const written = await writeScenario(scenario, join(dir, "files"));
  const conn = join(dir, "connection.json");
  const fake = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "scripts", "fake-workspace", "main.ts"),
      ...["--start", "2022-03-07", "--days", "2", "--servers", "2", "--intrusions", "2", "--seed", "11"],
      ...["--requests-per-day", String(requestsPerServerPerDay), "--out", conn],
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
  );
  const fileDb = await createMigratedDatabase("shellcase_bench_files");
  const pullDb = await createMigratedDatabase("shellcase_bench_pull");
  try {
    // (a) the files, one CLI import per log source (host and site from the logs or given).
    let importSeconds = 0;
    let importHwm = 0;
    for (const s of written.logSources) {
      const hostArgs = s.logsHostAndSite ? [] : ["--host", s.host, "--site", s.site];
      const m = await measured([join(ROOT, "cli", "main.ts"), "import", "web-logs", s.path, ...hostArgs, "--json"], {
        DATABASE_URL: fileDb.url,
      });
      importSeconds += m.seconds;
      importHwm = Math.max(importHwm, m.hwmMb);
    }
    const importedRows = await count(fileDb.url);

    // (b) the workspace: registered as a source, then a full sync of each host.
    for (let i = 0; i < 600 && !existsSync(conn); i++) await new Promise((r) => setTimeout(r, 200));
    if (!existsSync(conn)) throw new Error("the local workspace did not start");
    const key = { SOURCE_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"), DATABASE_URL: pullDb.url };
    await measured([join(ROOT, "scripts", "demo-source.ts"), conn], key);
    let pullSeconds = 0;
    let pullHwm = 0;
    const from = options.start.toISOString();
    const to = new Date(options.start.getTime() + options.days * DAY).toISOString();
    let queries = 0;
    for (const host of [...new Set(written.logSources.map((s) => s.host))]) {
      const m = await measured(
        [
          join(ROOT, "cli", "main.ts"),
          "fetch-logs",
          "--source",
          "1",
          "--host",
          host,
          "--from",
          from,
          "--to",
          to,
          "--json",
        ],
        key,
      );
      pullSeconds += m.seconds;
      pullHwm = Math.max(pullHwm, m.hwmMb);
      queries += (JSON.parse(m.stdout) as { ranges: number }).ranges;
    }
    const pulledRows = await count(pullDb.url);
    if (pulledRows !== importedRows)
      throw new Error(`the workspace sync stored ${pulledRows} requests, the file import ${importedRows}`);
    const importRowsPerSec = Math.round(importedRows / importSeconds);
    const pullRowsPerSec = Math.round(pulledRows / pullSeconds);
    return {
      rows: importedRows,
      importRowsPerSec,
      importSeconds: Math.round(importSeconds * 10) / 10,
      importPeakRssMb: Math.round(importHwm),
      pullRowsPerSec,
      pullSeconds: Math.round(pullSeconds * 10) / 10,
      pullPeakRssMb: Math.round(pullHwm),
      ratio: Math.round((pullRowsPerSec / importRowsPerSec) * 100) / 100,
      queries,
    } satisfies PullResult;
  } finally {
    fake.kill("SIGTERM");
    await dropDatabase(fileDb.name);
    await dropDatabase(pullDb.name);
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatPull(p: PullResult): string[] {
  const n = (v: number) => v.toLocaleString("en-US");
  return [
    `\nPull: ${n(p.rows)} IIS requests, from files and from the local workspace`,
    `  file import       ${n(p.importRowsPerSec)} rows/s (${p.importSeconds} s), peak RSS ${p.importPeakRssMb} MB`,
    `  workspace sync    ${n(p.pullRowsPerSec)} rows/s (${p.pullSeconds} s, ${p.queries} ranges), peak RSS ${p.pullPeakRssMb} MB`,
    `  ratio             ${p.ratio} (goal ≥ 0.5)  peak RSS goal < 400 MB: ${p.pullPeakRssMb < 400 ? "met" : "NOT met"}`,
  ];
}
