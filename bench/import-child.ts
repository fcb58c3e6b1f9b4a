// Runs one import in its own process so that its peak RSS is the importer's alone.
// Prints one JSON line: {"imported", "seconds", "maxRssMb"}.
import { getPrisma, closeDb } from "../lib/db";
import { importWebLogFile } from "../lib/ingest/import-web-log-file";

const path = process.argv[2]!;
const batch = await getPrisma().importBatch.create({ data: { kind: "web_log", fileName: path } });
const started = process.hrtime.bigint();
const result = await importWebLogFile({ batchId: batch.id, path });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await closeDb();
if (result.status !== "completed") {
  process.stderr.write(`import ${result.status}: ${result.message}\n`);
  process.exit(1);
}
process.stdout.write(
  JSON.stringify({
    imported: result.imported,
    errors: result.errorCount,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
