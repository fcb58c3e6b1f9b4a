// `npm run bench`: every benchmark, each measured against its reference in the same run.
// Results go to bench/results/ (latest.json, latest.md, and a dated copy).
import { writeFile, mkdir } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { createMigratedDatabase, dropDatabase } from "../tests/support/test-database";
import { benchIngest } from "./ingest";

const lines = Number(process.env.BENCH_LINES ?? 2_000_000);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;

const db = await createMigratedDatabase("shellcase_bench");
try {
  const ingest = await benchIngest(db.url, lines);
  const when = new Date().toISOString();
  const goal = ingest.ratio >= 0.6 && ingest.importPeakRssMb < 300;
  const md = [
    `Measured ${when.slice(0, 10)} on ${machine}.`,
    "",
    "| benchmark | Shellcase | reference (same run) | ratio | goal |",
    "|---|---|---|---|---|",
    `| import ${ingest.lines.toLocaleString("en-US")}-line W3C log (${ingest.fileMb} MB) | ${ingest.importLinesPerSec.toLocaleString("en-US")} lines/s, peak RSS ${ingest.importPeakRssMb} MB | COPY of pre-parsed CSV: ${ingest.copyLinesPerSec.toLocaleString("en-US")} lines/s | ${ingest.ratio} | ratio ≥ 0.6, RSS < 300 MB: ${goal ? "met" : "NOT met"} |`,
  ].join("\n");
  console.log(`\nIngest: ${ingest.lines.toLocaleString("en-US")} lines`);
  console.log(
    `  import      ${ingest.importLinesPerSec.toLocaleString("en-US")} lines/s (${ingest.importSeconds} s), peak RSS ${ingest.importPeakRssMb} MB`,
  );
  console.log(`  COPY (csv)  ${ingest.copyLinesPerSec.toLocaleString("en-US")} lines/s (${ingest.copySeconds} s)`);
  console.log(
    `  ratio       ${ingest.ratio} (goal ≥ 0.6)  peak RSS goal < 300 MB: ${ingest.importPeakRssMb < 300 ? "met" : "NOT met"}`,
  );
  const dir = join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  const doc = { when, machine, ingest };
  await writeFile(join(dir, "latest.json"), JSON.stringify(doc, null, 2) + "\n");
  await writeFile(join(dir, "latest.md"), md + "\n");
  await writeFile(join(dir, `${when.slice(0, 10)}-ingest.json`), JSON.stringify(doc, null, 2) + "\n");
} finally {
  await dropDatabase(db.name);
}
