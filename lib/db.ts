// One Prisma client and one pg pool per process. Prisma serves the relational model; the pool
// serves the hot-path SQL that Prisma cannot express (partitioned web_requests). A third pool,
// for web log imports only, streams COPY without a statement timeout.
//
// Every connection carries a statement timeout (DB_STATEMENT_TIMEOUT_MS): a runaway query (a
// pivot over years of logs, a lock wait behind a stuck transaction) is cancelled by Postgres
// instead of holding a connection and a page forever. A web log import is one COPY statement that
// lasts as long as the file, so its pool has none. Opening a connection is bounded too
// (DB_CONNECT_TIMEOUT_MS): with Postgres unreachable a request fails, it does not hang.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { getEnv } from "./env";
import { logger } from "./logger";

const globalForDb = globalThis as unknown as {
  shellcasePrisma?: PrismaClient;
  shellcasePool?: pg.Pool;
  shellcaseImportPool?: pg.Pool;
};

// An idle client's connection can die (Postgres restarted, database dropped); pg emits 'error'
// on the pool, which would crash the process without a listener. The next query reconnects.
const onIdleError = (err: Error) => logger.warn("idle database connection lost", { error: err.message });
// A checked-out client whose connection dies (Postgres restarted mid-transaction or mid-COPY)
// emits 'error' on itself, which the pool's listener does not cover: without this one the
// process crashes. The query in flight fails with the error; its caller decides (a job retries).
const onClientError = (err: Error) => logger.warn("database connection lost", { error: err.message });

/** The settings every pool shares; `statementTimeoutMs` 0 means no limit. */
export function poolConfig(statementTimeoutMs = getEnv().DB_STATEMENT_TIMEOUT_MS): pg.PoolConfig {
  const env = getEnv();
  return {
    connectionString: env.DATABASE_URL,
    max: 10,
    allowExitOnIdle: true,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    // No JIT compilation: the app's statements are short, and compiling one priced above
    // jit_above_cost (a list or count over a million alerts) added 100–200 ms to it (bench/scale.ts).
    options: "-c jit=off",
    // Sent in the startup packet, so it holds for every statement on the connection.
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  };
}

export function getPool(): pg.Pool {
  if (!globalForDb.shellcasePool) {
    globalForDb.shellcasePool = new pg.Pool(poolConfig());
    globalForDb.shellcasePool.on("error", onIdleError);
    globalForDb.shellcasePool.on("connect", (client) => client.on("error", onClientError));
  }
  return globalForDb.shellcasePool;
}

/** For the COPY of a web log import and the statements around it: no statement timeout. */
export function getImportPool(): pg.Pool {
  if (!globalForDb.shellcaseImportPool) {
    globalForDb.shellcaseImportPool = new pg.Pool({ ...poolConfig(0), max: 4 });
    globalForDb.shellcaseImportPool.on("error", onIdleError);
    globalForDb.shellcaseImportPool.on("connect", (client) => client.on("error", onClientError));
  }
  return globalForDb.shellcaseImportPool;
}

export function getPrisma(): PrismaClient {
  if (!globalForDb.shellcasePrisma) {
    const adapter = new PrismaPg(poolConfig(), { onPoolError: onIdleError, onConnectionError: onClientError });
    // Prisma's defaults (2 s to get a connection, 5 s to finish) fail ordinary transactions that
    // wait on a row lock or a busy pool under load; these bound them without false failures.
    globalForDb.shellcasePrisma = new PrismaClient({
      adapter,
      transactionOptions: { maxWait: 10_000, timeout: 30_000 },
    });
  }
  return globalForDb.shellcasePrisma;
}

export async function closeDb(): Promise<void> {
  const { shellcasePrisma, shellcasePool, shellcaseImportPool } = globalForDb;
  globalForDb.shellcasePrisma = undefined;
  globalForDb.shellcasePool = undefined;
  globalForDb.shellcaseImportPool = undefined;
  await Promise.all([shellcasePrisma?.$disconnect(), shellcasePool?.end(), shellcaseImportPool?.end()]);
}
