// A data source row locked for the rest of the transaction; not_found when there is none.
import { AppError } from "../../errors";
import type { DataSource, Prisma } from "../../generated/prisma/client";

export async function lockSource(tx: Prisma.TransactionClient, id: number): Promise<DataSource> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM data_sources WHERE id = ${id} FOR UPDATE`;
  const row = rows.length ? await tx.dataSource.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError("not_found", `No data source #${id}.`);
  return row;
}
