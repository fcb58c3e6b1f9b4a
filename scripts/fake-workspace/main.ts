// The local workspace as a process, for the demo and the benchmark: generates a scenario
// (tests/scenario/generate-scenario.ts), serves it as a Log Analytics workspace, writes how to
// connect (FakeConnection + pullSince) to --out, prints one "listening" line and stays up until
// SIGTERM or SIGINT.
//   tsx scripts/fake-workspace/main.ts [--port N] [--seed N] [--days N] [--servers N]
//     [--requests-per-day N] [--intrusions N] [--start YYYY-MM-DD] [--out connection.json]
//     [--trickle SECONDS]
// --start defaults to `days` days before today (UTC), so the scenario ends today. With --trickle,
// the SecurityAlert rows reach the workspace one every SECONDS from now on (oldest first): a
// puller sees them arrive over time. W3CIISLog rows are ingested two minutes after they happen.
import { rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { generateScenario } from "../../tests/scenario/generate-scenario";
import { startFakeWorkspace, tablesFromScenario } from "./fake-workspace";

const DAY = 86_400_000;

function int(name: string, v: string | undefined, def: number, min: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, not ${v}`);
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    seed: { type: "string" },
    days: { type: "string" },
    servers: { type: "string" },
    "requests-per-day": { type: "string" },
    intrusions: { type: "string" },
    start: { type: "string" },
    out: { type: "string" },
    trickle: { type: "string" },
  },
  strict: true,
});

const days = int("days", values.days, 3, 1);
const servers = int("servers", values.servers, 3, 2);
const today = Math.floor(Date.now() / DAY) * DAY;
const start = values.start ? new Date(`${values.start.slice(0, 10)}T00:00:00Z`) : new Date(today - days * DAY);
if (Number.isNaN(start.getTime())) throw new Error(`--start ${values.start} is not a date`);
const trickle = values.trickle === undefined ? undefined : Number(values.trickle);
if (trickle !== undefined && !(trickle >= 0)) throw new Error(`--trickle must be seconds >= 0, not ${values.trickle}`);

const scenario = generateScenario({
  start,
  days,
  servers,
  requestsPerServerPerDay: int("requests-per-day", values["requests-per-day"], 3000, 1),
  intrusions: int("intrusions", values.intrusions, Math.min(servers, 2), 1),
  returningActor: days >= 2,
  seed: int("seed", values.seed, 1, 0),
});
const tables = tablesFromScenario(scenario, trickle === undefined ? {} : { trickleMs: trickle * 1000 });
const fake = await startFakeWorkspace({ tables, port: int("port", values.port, 0, 0) });
const connection = { ...fake.connection(), pullSince: new Date(start.getTime() - DAY).toISOString() };
if (values.out) {
  // Written whole before the "listening" line: a reader that waits for the line finds the file.
  await writeFile(`${values.out}.tmp`, JSON.stringify(connection, null, 2) + "\n", { mode: 0o600 });
  await rename(`${values.out}.tmp`, values.out);
}
console.log(
  `fake workspace listening on ${fake.url} (workspace ${connection.workspaceId}: ${scenario.alerts.length} SecurityAlert rows, ${scenario.requestCount} W3CIISLog rows, ${scenario.options.start.toISOString().slice(0, 10)} + ${days} days${trickle === undefined ? "" : `, an alert every ${trickle} s from now`})`,
);

let closing = false;
async function stop(): Promise<void> {
  if (closing) return;
  closing = true;
  await fake.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
