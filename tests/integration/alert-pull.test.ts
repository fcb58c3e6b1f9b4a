// Alert pull from a (local) Log Analytics workspace through the real query client: incremental by
// ingestion time with an overlap, no duplicates, a late-ingested alert older than the cursor
// picked up, a newer version of an alert replacing the older, a 429 waited out, and a failure
// recorded on the source where the admin page shows it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { pullAlerts, PULL_OVERLAP_MS } from "../../lib/sentinel/pull-alerts";
import { generateScenario } from "../scenario/generate-scenario";
import {
  startFakeWorkspace,
  tablesFromScenario,
  type FakeWorkspace,
  type Row,
} from "../../scripts/fake-workspace/fake-workspace";
import { createFakeSource } from "../support/fake-source";

process.env.SOURCE_SECRET_KEY ??= randomBytes(32).toString("base64");

let fake: FakeWorkspace;
let sourceId: number;
let alertRows: Row[];

const scenario = generateScenario({
  start: new Date("2021-03-01T00:00:00Z"),
  days: 1,
  requestsPerServerPerDay: 200,
  servers: 2,
  intrusions: 2,
  seed: 4242,
});

async function storedAlerts() {
  const { rows } = await getPool().query<{ system_alert_id: string; time_generated: Date; ingested_at: Date }>(
    "SELECT system_alert_id, time_generated, ingested_at FROM alerts WHERE source_id = $1 ORDER BY system_alert_id",
    [sourceId],
  );
  return rows;
}

beforeAll(async () => {
  const tables = tablesFromScenario(scenario);
  alertRows = tables.SecurityAlert as Row[];
  // Only the alerts: this test reads no logs.
  fake = await startFakeWorkspace({ tables: { SecurityAlert: alertRows.slice() }, maxRows: 500_000 });
  sourceId = (
    await createFakeSource(fake, "pull-test", {
      pullSince: new Date(scenario.options.start.getTime() - 86_400_000),
    })
  ).id;
});

afterAll(async () => {
  await getPool().query("DELETE FROM alerts WHERE source_id = $1", [sourceId]);
  await getPrisma().dataSource.delete({ where: { id: sourceId } });
  await fake?.close();
  await closeQueues();
  await closeDb();
});

describe("alert pull", () => {
  it("stores every MDATP alert once, with its source and ingestion time, and moves the cursor", async () => {
    const ids = new Set(alertRows.map((r) => String(r.SystemAlertId)));
    expect(ids.size).toBeGreaterThanOrEqual(2);
    const s = await pullAlerts(sourceId);
    expect(s.imported).toBe(ids.size);
    const stored = await storedAlerts();
    expect(stored.map((r) => r.system_alert_id)).toEqual([...ids].sort());
    expect(stored.every((r) => r.ingested_at instanceof Date)).toBe(true);
    const newest = Math.max(...alertRows.map((r) => (r._ingestedAt as Date).getTime()));
    const source = await getPrisma().dataSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(source.alertCursor?.getTime()).toBe(newest);
    expect(source.lastPullRows).toBe(alertRows.length);
    expect(source.lastError).toBeNull();
    expect(fake.queries.at(-1)).toMatchObject({ template: "alerts-since", status: 200 });
  });

  it("re-reads the overlap on the next pull and adds no duplicate", async () => {
    const before = await storedAlerts();
    const s = await pullAlerts(sourceId);
    expect(s.imported).toBe(0);
    expect(s.updated).toBe(0);
    // The overlap re-read at least the newest row.
    expect(s.rows).toBeGreaterThanOrEqual(1);
    expect(s.unchanged).toBe(s.rows);
    expect(await storedAlerts()).toEqual(before);
    const q = fake.queries.at(-1)!;
    const cursor = Math.max(...alertRows.map((r) => (r._ingestedAt as Date).getTime()));
    expect((q.params.fromIngestion as Date).getTime()).toBe(cursor - PULL_OVERLAP_MS);
  });

  it("picks up a late-ingested alert whose TimeGenerated is older than the cursor, and a newer version of one", async () => {
    const source = await getPrisma().dataSource.findUniqueOrThrow({ where: { id: sourceId } });
    const cursor = source.alertCursor!;
    const template = alertRows[0]!;
    const oldTime = new Date(cursor.getTime() - 2 * 86_400_000);
    const late: Row = {
      ...template,
      SystemAlertId: "11111111-late-4000-8000-000000000001",
      TimeGenerated: oldTime,
      _ItemId: "late-alert-row",
      _ingestedAt: new Date(cursor.getTime() + 60_000),
    };
    const second = alertRows[1]!;
    const newer: Row = {
      ...second,
      TimeGenerated: new Date((second.TimeGenerated as Date).getTime() + 3_600_000),
      Status: "Resolved",
      _ItemId: "newer-version-row",
      _ingestedAt: new Date(cursor.getTime() + 120_000),
    };
    fake.addRows("SecurityAlert", [late, newer]);
    const s = await pullAlerts(sourceId);
    expect(s.imported).toBe(1);
    expect(s.updated).toBe(1);
    const stored = await storedAlerts();
    const lateRow = stored.find((r) => r.system_alert_id === late.SystemAlertId);
    expect(lateRow?.time_generated.getTime()).toBe(oldTime.getTime());
    expect(stored.find((r) => r.system_alert_id === second.SystemAlertId)?.time_generated.getTime()).toBe(
      (newer.TimeGenerated as Date).getTime(),
    );
    expect(new Set(stored.map((r) => r.system_alert_id)).size).toBe(stored.length);
    const after = await getPrisma().dataSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(after.alertCursor!.getTime()).toBe(cursor.getTime() + 120_000);
  });

  it("waits out a 429 with Retry-After and then pulls", async () => {
    const seen = fake.queries.length;
    fake.failNext({ kind: "throttle", status: 429, retryAfterSeconds: 1 }, { template: "alerts-since" });
    const s = await pullAlerts(sourceId);
    expect(s.imported).toBe(0);
    const statuses = fake.queries.slice(seen).map((q) => q.status);
    expect(statuses).toEqual([429, 200]);
  });

  it("records a failed pull on the source, keeps the cursor, and clears the error on the next good pull", async () => {
    const cursor = (await getPrisma().dataSource.findUniqueOrThrow({ where: { id: sourceId } })).alertCursor;
    fake.failNext({ kind: "error", status: 403 }, { template: "alerts-since" });
    await expect(pullAlerts(sourceId)).rejects.toThrow();
    const failed = await getPrisma().dataSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(failed.lastError).toMatch(/permission denied/);
    expect(failed.lastErrorAt).not.toBeNull();
    expect(failed.alertCursor).toEqual(cursor);
    await pullAlerts(sourceId);
    expect((await getPrisma().dataSource.findUniqueOrThrow({ where: { id: sourceId } })).lastError).toBeNull();
  });
});
