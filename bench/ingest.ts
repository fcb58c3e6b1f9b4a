// Ingestion benchmark: import a generated 2M-line W3C log with the real importer (its own
// process, for a clean peak RSS), then COPY the same rows, pre-parsed as CSV, into the same table
// with the same partitions and indexes — the physical limit. Both run in this same process run,
// on this machine, so the ratio is what matters.
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { once } from "node:events";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { parseW3c } from "../lib/ingest/parse-w3c";
import { WEB_REQUEST_COLUMNS } from "../lib/ingest/copy-format";
import { generateW3cLog } from "./generate-w3c-log";

const ROOT = join(import.meta.dirname, "..");

export interface IngestResult {
  lines: number;
  fileMb: number;
  importSeconds: number;
  importLinesPerSec: number;
  copySeconds: number;
  copyLinesPerSec: number;
  ratio: number;
  importPeakRssMb: number;
}

/**
 * Runs the real CLI import in its own process, as an analyst would, and samples the kernel's
 * high-water mark of its resident memory (VmHWM) until it exits.
 */
async function runCliImport(
  logPath: string,
  databaseUrl: string,
): Promise<{ imported: number; seconds: number; maxRssMb: number }> {
  // The node flags `npm run cli` uses (a smaller young generation keeps the importer's memory
  // bounded at little cost in speed), without npm and tsx's wrapper processes in between.
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const nodeFlags = pkg.scripts.cli!.split(" ").filter((t) => t.startsWith("--max-"));
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [...nodeFlags, "--import", "tsx", join(ROOT, "cli", "main.ts"), "import", "web-logs", logPath, "--json"],
    {
      cwd: ROOT,
      env: { REDIS_URL: "redis://127.0.0.1:6379/0", ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  let hwmKb = 0;
  const sample = async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
    } catch {
      // the process has just exited; the last sample stands
    }
  };
  const timer = setInterval(() => void sample(), 50);
  const code: number = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`CLI import exited with ${code}: ${stdout}`);
  const doc = JSON.parse(stdout) as { imported: number };
  return { imported: doc.imported, seconds, maxRssMb: hwmKb / 1024 };
}

function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) || s === "" ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeReferenceCsv(logPath: string, csvPath: string, batchId: number): Promise<number> {
  const out = createWriteStream(csvPath, { highWaterMark: 1 << 20 });
  let n = 0;
  for await (const chunk of parseW3c(createReadStream(logPath, { highWaterMark: 1 << 20 }), {})) {
    let buf = "";
    for (const r of chunk.records) {
      const row: (string | number | null)[] = [
        new Date(r.time).toISOString(),
        r.host,
        r.site,
        r.serverIp,
        r.method,
        r.uriStem,
        r.uriQuery,
        r.serverPort,
        r.username,
        r.clientIp,
        r.protocolVersion,
        r.userAgent,
        r.cookie,
        r.referer,
        r.csHost,
        r.status,
        r.substatus,
        r.win32Status,
        r.bytesSent,
        r.bytesReceived,
        r.timeTaken,
        batchId,
        r.line,
      ];
      buf += row.map(csvField).join(",") + "\n";
      n++;
    }
    if (!out.write(buf)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return n;
}

export async function benchIngest(databaseUrl: string, lines: number): Promise<IngestResult> {
  const dir = join(ROOT, "bench", "tmp");
  await mkdir(dir, { recursive: true });
  const logPath = join(dir, `u_ex_bench_${lines}.log`);
  const csvPath = join(dir, `u_ex_bench_${lines}.csv`);
  if (!existsSync(logPath)) {
    process.stderr.write(`generating ${lines.toLocaleString()} lines…\n`);
    await generateW3cLog(logPath, lines);
  }
  const fileMb = (await stat(logPath)).size / 2 ** 20;

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    process.stderr.write("importing with the CLI (npm run cli -- import web-logs)…\n");
    await pool.query("CHECKPOINT");
    const imp = await runCliImport(logPath, databaseUrl);
    if (imp.imported !== lines) throw new Error(`importer imported ${imp.imported} of ${lines} lines`);

    const { rows } = await pool.query<{ id: number }>("SELECT max(batch_id) AS id FROM web_requests");
    process.stderr.write("writing the pre-parsed CSV (untimed)…\n");
    const csvRows = await writeReferenceCsv(logPath, csvPath, rows[0]!.id);
    if (csvRows !== lines) throw new Error(`reference CSV has ${csvRows} rows, expected ${lines}`);

    // Same table, same partitions, same indexes: only the rows go.
    await pool.query("TRUNCATE web_requests");
    await pool.query("CHECKPOINT");
    process.stderr.write("COPY of the pre-parsed CSV…\n");
    const client = await pool.connect();
    const started = process.hrtime.bigint();
    try {
      await pipeline(
        createReadStream(csvPath, { highWaterMark: 1 << 20 }),
        client.query(copyFrom(`COPY web_requests (${WEB_REQUEST_COLUMNS.join(", ")}) FROM STDIN (FORMAT csv)`)),
      );
    } finally {
      client.release();
    }
    const copySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { rows: count } = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM web_requests");
    if (Number(count[0]!.n) !== lines) throw new Error(`COPY loaded ${count[0]!.n} rows`);

    const importLinesPerSec = lines / imp.seconds;
    const copyLinesPerSec = lines / copySeconds;
    return {
      lines,
      fileMb: Math.round(fileMb),
      importSeconds: round(imp.seconds),
      importLinesPerSec: Math.round(importLinesPerSec),
      copySeconds: round(copySeconds),
      copyLinesPerSec: Math.round(copyLinesPerSec),
      ratio: round(importLinesPerSec / copyLinesPerSec),
      importPeakRssMb: Math.round(imp.maxRssMb),
    };
  } finally {
    await pool.end();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
