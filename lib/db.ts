// One Prisma client and one pg pool per process. Prisma serves the relational model; the pool
// serves COPY and the hot-path SQL that Prisma cannot express (partitioned web_requests).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { getEnv } from "./env";

const globalForDb = globalThis as unknown as { shellcasePrisma?: PrismaClient; shellcasePool?: pg.Pool };

export function getPool(): pg.Pool {
  globalForDb.shellcasePool ??= new pg.Pool({
    connectionString: getEnv().DATABASE_URL,
    max: 10,
    allowExitOnIdle: true,
  });
  return globalForDb.shellcasePool;
}

export function getPrisma(): PrismaClient {
  if (!globalForDb.shellcasePrisma) {
    const adapter = new PrismaPg({ connectionString: getEnv().DATABASE_URL, max: 10, allowExitOnIdle: true });
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
