// Job ids are derived from row ids, which restart when a database is recreated; BullMQ silently
// ignores a job whose id it has completed before. Every job id carries the database's instance id.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { closeDb, getPool } from "../../lib/db";
import { enrichJobId, importJobId, pivotJobId } from "../../lib/jobs/queues";
import { createMigratedDatabase, dropDatabase } from "../support/test-database";

const created: string[] = [];
afterAll(async () => {
  await closeDb();
  for (const name of created) await dropDatabase(name);
});

async function instanceOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>("SELECT shellcase_instance_id() AS id")).rows[0]!.id;
  } finally {
    await client.end();
  }
}

describe("job ids", () => {
  it("carry this database's instance id", async () => {
    const { rows } = await getPool().query<{ id: string }>("SELECT shellcase_instance_id() AS id");
    const instance = rows[0]!.id.slice(0, 12);
    expect(instance).toMatch(/^[0-9a-f]{12}$/);
    expect(await importJobId(7)).toBe(`import-${instance}-7`);
    expect(await enrichJobId({ alertId: 7, generation: 2 })).toBe(`enrich-${instance}-7-g2`);
    expect(await pivotJobId(7)).toBe(`pivot-${instance}-7`);
    for (const id of [await importJobId(7), await pivotJobId(7)]) expect(id).not.toContain(":");
  });

  it("differ between two databases, so a recreated database's batch 1 is not the old batch 1", async () => {
    const db = await createMigratedDatabase("shellcase_test_instance");
    created.push(db.name);
    const { rows } = await getPool().query<{ id: string }>("SELECT shellcase_instance_id() AS id");
    expect(await instanceOf(db.url)).not.toBe(rows[0]!.id);
  }, 60_000);
});
