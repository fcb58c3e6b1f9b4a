// One Prisma client and one pg pool per process. Prisma serves the relational model; the pool
// serves COPY and the hot-path SQL that Prisma cannot express (partitioned web_requests).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { getEnv } from "./env";
import { logger } from "./logger";

const globalForDb = globalThis as unknown as { shellcasePrisma?: PrismaClient; shellcasePool?: pg.Pool };

// An idle client's connection can die (Postgres restarted, database dropped); pg emits 'error'
// on the pool, which would crash the process without a listener. The next query reconnects.
const onIdleError = (err: Error) => logger.warn("idle database connection lost", { error: err.message });
// A checked-out client whose connection dies (Postgres restarted mid-transaction or mid-COPY)
// emits 'error' on itself, which the pool's listener does not cover: without this one the
// process crashes. The query in flight fails with the error; its caller decides (a job retries).
const onClientError = (err: Error) => logger.warn("database connection lost", { error: err.message });

export function getPool(): pg.Pool {
  if (!globalForDb.shellcasePool) {
    globalForDb.shellcasePool = new pg.Pool({
      connectionString: getEnv().DATABASE_URL,
      max: 10,
      allowExitOnIdle: true,
    });
    globalForDb.shellcasePool.on("error", onIdleError);
    globalForDb.shellcasePool.on("connect", (client) => client.on("error", onClientError));
  }
  return globalForDb.shellcasePool;
}

export function getPrisma(): PrismaClient {
  if (!globalForDb.shellcasePrisma) {
    const adapter = new PrismaPg(
      { connectionString: getEnv().DATABASE_URL, max: 10, allowExitOnIdle: true },
      { onPoolError: onIdleError, onConnectionError: onClientError },
    );
    globalForDb.shellcasePrisma = new PrismaClient({ adapter });
  }
  return globalForDb.shellcasePrisma;
}

export async function closeDb(): Promise<void> {
  const { shellcasePrisma, shellcasePool } = globalForDb;
  globalForDb.shellcasePrisma = undefined;
  globalForDb.shellcasePool = undefined;
  await Promise.all([shellcasePrisma?.$disconnect(), shellcasePool?.end()]);
}
