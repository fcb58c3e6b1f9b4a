// A case's notes and comments, oldest first (a discussion reads top to bottom), each with its
// edit history. Deleted notes are left out; their text stays in the audit log.
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";

const noteSelect = {
  id: true,
  caseId: true,
  kind: true,
  body: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  authorId: true,
  author: { select: { id: true, name: true, email: true } },
  revisions: {
    orderBy: { version: "desc" },
    select: {
      id: true,
      body: true,
      version: true,
      editedAt: true,
      editedBy: { select: { id: true, name: true, email: true } },
    },
  },
} satisfies Prisma.CaseNoteSelect;

export type CaseNoteItem = Prisma.CaseNoteGetPayload<{ select: typeof noteSelect }>;

export async function findCaseNotes(params: { caseId: number } & Partial<PageParams>): Promise<Page<CaseNoteItem>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage ?? 200 });
  const where: Prisma.CaseNoteWhereInput = { caseId: params.caseId, deletedAt: null };
  const prisma = getPrisma();
  const [data, count] = await Promise.all([
    // case_notes_case_id_created_at_idx
    prisma.caseNote.findMany({
      where,
      select: noteSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.caseNote.count({ where }),
  ]);
  return { data, count, page, perPage };
}
