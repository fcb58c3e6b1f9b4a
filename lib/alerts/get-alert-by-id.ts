// One stored alert with everything its detail page shows: the alert's own fields, its entities
// (hosts, files, processes with their image and parent), the last enrichment and the finding.
import { getPrisma } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { parseFindingJson } from "../findings/parse-finding-json";
import { parseEnrichmentSummary } from "./parse-enrichment-summary";

const alertDetailInclude = {
  batch: { select: { id: true, fileName: true } },
  source: { select: { id: true, name: true } },
  hosts: { orderBy: { id: "asc" } },
  files: { orderBy: { id: "asc" } },
  processes: {
    orderBy: [{ creationTimeUtc: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    include: {
      imageFile: { select: { name: true, directory: true } },
      parent: {
        select: { processId: true, commandLine: true, imageFile: { select: { name: true } } },
      },
    },
  },
  finding: { include: { case: { select: { number: true, title: true, status: true } } } },
} satisfies Prisma.AlertInclude;

type AlertDetailRow = Prisma.AlertGetPayload<{ include: typeof alertDetailInclude }>;

export type AlertDetail = Omit<AlertDetailRow, "enrichment" | "finding" | "raw"> & {
  enrichment: ReturnType<typeof parseEnrichmentSummary>;
  finding:
    | (Omit<NonNullable<AlertDetailRow["finding"]>, "installedVia" | "attackers" | "evidence"> &
        ReturnType<typeof parseFindingJson>)
    | null;
};

export async function getAlertById(id: number): Promise<AlertDetail> {
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "No such alert.");
  const row = await getPrisma().alert.findUnique({
    where: { id },
    // The raw row can be large and is only for export.
    omit: { raw: true },
    include: alertDetailInclude,
  });
  if (!row) throw new AppError("not_found", "No such alert.");
  const { enrichment, finding, ...alert } = row;
  return {
    ...alert,
    enrichment: parseEnrichmentSummary(enrichment),
    finding: finding ? { ...finding, ...parseFindingJson(finding) } : null,
  };
}
