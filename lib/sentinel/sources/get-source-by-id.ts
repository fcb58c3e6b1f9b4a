// One data source as the admin sees it; not_found when there is none.
import { getPrisma } from "../../db";
import { AppError } from "../../errors";
import { requireSourceAdmin, type SourceActor } from "./source-actor";
import { toSourceView, type SourceView } from "./source-view";

export async function getSourceById(actor: SourceActor, id: number): Promise<SourceView> {
  requireSourceAdmin(actor);
  const row = await getPrisma().dataSource.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `No data source #${id}.`);
  return toSourceView(row);
}
