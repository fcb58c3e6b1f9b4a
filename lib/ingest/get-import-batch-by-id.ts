// One import batch, in the same JSON-ready shape as findImportBatches' rows.
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { importBatchViewSelect, toImportBatchView, type ImportBatchView } from "./find-import-batches";

export async function getImportBatchById(id: number): Promise<ImportBatchView> {
  const row = await getPrisma().importBatch.findUnique({ where: { id }, select: importBatchViewSelect });
  if (!row) throw new AppError("not_found", `Import ${id} does not exist.`);
  return toImportBatchView(row);
}
