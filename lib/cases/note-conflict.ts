// Why a scoped write to a note matched no row: gone, not the actor's to change, or changed by
// someone else since the caller read it.
import type { Actor } from "../auth/roles";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { ConflictError } from "./conflict-error";

export async function noteConflict(tx: Prisma.TransactionClient, actor: Actor, noteId: number): Promise<AppError> {
  const note = await tx.caseNote.findUnique({
    where: { id: noteId },
    select: {
      version: true,
      deletedAt: true,
      authorId: true,
      updatedAt: true,
      revisions: { orderBy: { id: "desc" }, take: 1, select: { editedBy: { select: { email: true } } } },
      author: { select: { email: true } },
    },
  });
  if (!note) return new AppError("not_found", "No such note.");
  if (note.deletedAt) return new AppError("not_found", "This note was deleted.");
  if (note.authorId !== actor.id && actor.role !== "admin") {
    return new AppError("forbidden", "Only the note's author or an admin may change it.");
  }
  const lastEditor = note.revisions[0]?.editedBy?.email ?? note.author?.email ?? null;
  return new ConflictError({
    entity: "note",
    field: "the text",
    value: `at version ${note.version}`,
    version: note.version,
    changedBy: lastEditor,
    changedAt: note.updatedAt.toISOString(),
  });
}
