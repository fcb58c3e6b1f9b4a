// Lets SQL written for a pg client (lib/cases/assign-case.ts, used inside enrichment's pg
// transaction) run on a Prisma transaction client too, so that both paths share one statement.
import type pg from "pg";
import type { Prisma } from "../generated/prisma/client";

export function prismaSql(tx: Prisma.TransactionClient): Pick<pg.PoolClient, "query"> {
  const query = async (sql: string, params: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe(sql, ...params) });
  return { query } as unknown as Pick<pg.PoolClient, "query">;
}
