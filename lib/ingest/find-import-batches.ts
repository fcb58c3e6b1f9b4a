// Import batches for the Imports page, its polling endpoint and the Overview, newest first.
// Rows are returned JSON-ready (dates as ISO strings, size as a number) because the same shape
// goes to server-rendered pages and to GET /api/v1/imports.
import { z } from "zod";
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { ImportKind, ImportStatus } from "../generated/prisma/enums";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";

/** A line (web logs) or row (alert exports) the importer could not read. */
export interface ImportLineError {
  line: number | null;
  row: number | null;
  reason: string;
}

export interface ImportBatchView {
  id: number;
  kind: ImportKind;
  fileName: string;
  sha256: string | null;
  size: number | null;
  format: string | null;
  hostGiven: string | null;
  siteGiven: string | null;
  status: ImportStatus;
  /** Why the file was rejected or failed; null otherwise. */
  message: string | null;
  linesTotal: number;
  imported: number;
  duplicates: number;
  updated: number;
  /** Exact number of line errors; `errors` holds only the first ones. */
  errorCount: number;
  errors: ImportLineError[];
  /** 0..1 while running. */
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Who started it: the user's name (web upload, API), a label such as `cli:alice`, or null (older imports). */
  startedBy: string | null;
}

// Deliberately leaves out storedPath and jobId: server-side details, not for the browser.
export const importBatchViewSelect = {
  id: true,
  kind: true,
  fileName: true,
  sha256: true,
  size: true,
  format: true,
  hostGiven: true,
  siteGiven: true,
  status: true,
  message: true,
  linesTotal: true,
  imported: true,
  duplicates: true,
  updated: true,
  errorCount: true,
  errors: true,
  progress: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  startedBy: { select: { name: true } },
  startedByLabel: true,
} satisfies Prisma.ImportBatchSelect;

type ImportBatchRow = Prisma.ImportBatchGetPayload<{ select: typeof importBatchViewSelect }>;

// The errors column is written by the importers; read it defensively so that one odd entry
// cannot break the page.
const storedErrorSchema = z.object({
  line: z.number().int().nullish(),
  row: z.number().int().nullish(),
  reason: z.string(),
});

function toLineErrors(value: Prisma.JsonValue): ImportLineError[] {
  if (!Array.isArray(value)) return [];
  const out: ImportLineError[] = [];
  for (const item of value) {
    const parsed = storedErrorSchema.safeParse(item);
    if (parsed.success)
      out.push({ line: parsed.data.line ?? null, row: parsed.data.row ?? null, reason: parsed.data.reason });
  }
  return out;
}

export function toImportBatchView({ startedBy, startedByLabel, ...row }: ImportBatchRow): ImportBatchView {
  return {
    ...row,
    startedBy: startedBy?.name ?? startedByLabel,
    size: row.size === null ? null : Number(row.size),
    errors: toLineErrors(row.errors),
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function findImportBatches(params: Partial<PageParams> = {}): Promise<Page<ImportBatchView>> {
  const { page, perPage } = toPageParams(params);
  const prisma = getPrisma();
  const [rows, count] = await Promise.all([
    prisma.importBatch.findMany({
      select: importBatchViewSelect,
      // import_batches_created_at_idx; id breaks ties between files uploaded together.
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.importBatch.count(),
  ]);
  return { data: rows.map(toImportBatchView), count, page, perPage };
}
