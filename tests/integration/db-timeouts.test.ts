// lib/db.ts bounds every query (DB_STATEMENT_TIMEOUT_MS) and every new connection
// (DB_CONNECT_TIMEOUT_MS), on the pg pool and on Prisma's; web log imports (COPY) are exempt.
import { afterAll, describe, expect, it } from "vitest";
import { createServer, type Socket } from "node:net";
import { once } from "node:events";

process.env.DB_STATEMENT_TIMEOUT_MS = "300";
const { closeDb, getImportPool, getPool, getPrisma, poolConfig } = await import("../../lib/db");
const pg = (await import("pg")).default;

afterAll(closeDb);

/** The SQLSTATE a query failed with, or "ok". */
async function outcome(query: Promise<unknown>): Promise<string> {
  try {
    await query;
    return "ok";
  } catch (err) {
    // pg reports the SQLSTATE; Prisma wraps it in its own error (P2010) and keeps the message.
    const e = err as { code?: string; message?: string };
    return e.code === "P2010" ? (e.message ?? e.code) : (e.code ?? String(err));
  }
}

describe("database timeouts", () => {
  it("cancels a query that runs past the statement timeout, on both pools, but not on the import pool", async () => {
    expect(await outcome(getPool().query("SELECT pg_sleep(2)"))).toBe("57014"); // query_canceled
    const prisma = await outcome(getPrisma().$queryRaw`SELECT pg_sleep(2)`);
    expect(prisma).toMatch(/statement timeout/);
    expect(await outcome(getImportPool().query("SELECT pg_sleep(0.6)"))).toBe("ok");
    expect(await outcome(getPool().query("SELECT pg_sleep(0.05)"))).toBe("ok");
  });

  it("gives up on a server that accepts the connection and never answers", async () => {
    // A local socket that never speaks the Postgres protocol: only the connection timeout ends the wait.
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s)).listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as { port: number };
    const pool = new pg.Pool({
      ...poolConfig(),
      connectionString: `postgresql://nobody@127.0.0.1:${port}/none`,
      connectionTimeoutMillis: 500,
    });
    const started = Date.now();
    const result = await outcome(pool.query("SELECT 1"));
    expect(result).toMatch(/timeout/i);
    expect(Date.now() - started).toBeLessThan(10_000);
    await pool.end();
    for (const s of sockets) s.destroy();
    silent.close();
  });

  it("builds every pool from DB_STATEMENT_TIMEOUT_MS and DB_CONNECT_TIMEOUT_MS, the import pool without a statement timeout", () => {
    expect(poolConfig().connectionTimeoutMillis).toBe(10_000);
    expect(poolConfig().statement_timeout).toBe(300);
    expect(poolConfig(0).statement_timeout).toBeUndefined();
  });
});
