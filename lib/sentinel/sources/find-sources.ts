// Every data source, by name (the admin page, `sources list`, GET /api/v1/sources). Few rows by
// nature (one per workspace), so no paging.
import { getPrisma } from "../../db";
import { requireSourceAdmin, type SourceActor } from "./source-actor";
import { toSourceView, type SourceView } from "./source-view";

export async function findSources(actor: SourceActor): Promise<SourceView[]> {
  requireSourceAdmin(actor);
  const rows = await getPrisma().dataSource.findMany({ orderBy: { name: "asc" } });
  return rows.map(toSourceView);
}
