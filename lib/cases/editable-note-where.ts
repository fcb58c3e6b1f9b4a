import type { Actor } from "../auth/roles";
import type { Prisma } from "../generated/prisma/client";

/** The scope of a change to a note: not deleted, and the actor's own unless an admin. */
export function editableNoteWhere(actor: Actor, noteId: number, version: number): Prisma.CaseNoteWhereInput {
  return { id: noteId, version, deletedAt: null, ...(actor.role === "admin" ? {} : { authorId: actor.id }) };
}
