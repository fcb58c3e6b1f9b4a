// Issue 10's parity test: the same planted scenario, once imported from files and once read from
// a Log Analytics workspace (the local one in scripts/fake-workspace, through the real query
// client: alerts pulled by ingestion time, IIS logs fetched on demand), must give the same
// findings, cases, pivots and attacker profiles — while the workspace world stores only a small
// fraction of the W3CIISLog table. Each world runs in a process of its own with its own database
// (tests/support/scenario-world.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { createMigratedDatabase, dropDatabase } from "../support/test-database";
import { generateScenario, writeScenario, type Scenario } from "../scenario/generate-scenario";
import {
  startFakeWorkspace,
  tablesFromScenario,
  type FakeWorkspace,
} from "../../scripts/fake-workspace/fake-workspace";

const run = promisify(execFile);

interface World {
  findings: { alertId: string; shellLocation: string; confidence: number }[];
  cases: { key: string; alerts: string[]; pivots: { status: string; result: unknown }[] }[];
  attackers: unknown[];
  requestsStored: number;
}

let scenario: Scenario;
let fake: FakeWorkspace;
let files: World;
let workspace: World;
const databases: string[] = [];

async function world(mode: "files" | "workspace", arg: string): Promise<World> {
  const db = await createMigratedDatabase(`parity_${mode}`);
  databases.push(db.name);
  const { stdout } = await run("npx", ["tsx", "tests/support/scenario-world.ts", mode, arg], {
    env: {
      ...process.env,
      DATABASE_URL: db.appUrl,
      MIGRATION_DATABASE_URL: db.url,
      QUEUE_PREFIX: `parity-${mode}-${randomBytes(4).toString("hex")}`,
      SOURCE_SECRET_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "warn",
    },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as World;
}

beforeAll(async () => {
  scenario = generateScenario({
    start: new Date("2022-09-05T00:00:00Z"),
    days: 3,
    requestsPerServerPerDay: 3000,
    servers: 3,
    intrusions: 2,
    returningActor: true,
    seed: 31,
  });
  const dir = await mkdtemp(join(tmpdir(), "shellcase-parity-"));
  const manifest = join(dir, "manifest.json");
  await writeFile(manifest, JSON.stringify(await writeScenario(scenario, join(dir, "files"))));
  fake = await startFakeWorkspace({ tables: tablesFromScenario(scenario) });
  const connection = join(dir, "connection.json");
  await writeFile(
    connection,
    JSON.stringify({ ...fake.connection(), pullSince: new Date(scenario.options.start.getTime() - 86_400_000) }),
  );
  [files, workspace] = await Promise.all([world("files", manifest), world("workspace", connection)]);
}, 600_000);

afterAll(async () => {
  await fake?.close();
  for (const name of databases) await dropDatabase(name);
});

describe("a scenario read from a workspace", () => {
  it("gives the findings that importing its files gives", () => {
    expect(files.findings.length).toBeGreaterThanOrEqual(4);
    expect(workspace.findings).toEqual(files.findings);
  });

  it("opens the same cases, holding the same alerts, with the same pivot results", () => {
    expect(files.cases.length).toBeGreaterThanOrEqual(2);
    expect(files.cases.every((c) => c.pivots.length > 0 && c.pivots.every((p) => p.status === "done"))).toBe(true);
    expect(workspace.cases).toEqual(files.cases);
  });

  it("remembers the same attackers", () => {
    expect(files.attackers.length).toBeGreaterThan(0);
    expect(workspace.attackers).toEqual(files.attackers);
  });

  it("fetches a small fraction of the W3CIISLog table", () => {
    expect(files.requestsStored).toBe(scenario.requestCount);
    expect(workspace.requestsStored).toBeGreaterThan(0);
    expect(workspace.requestsStored).toBeLessThan(scenario.requestCount * 0.1);
  });
});
