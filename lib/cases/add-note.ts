// Adds a note (the analyst's write-up) or a comment (discussion) to a case, in Markdown.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { NoteKind } from "../generated/prisma/enums";
import { noteBodySchema } from "./note-body";

export const addNoteSchema = z.object({
  caseId: z.number().int().positive(),
  kind: z.enum(NoteKind).default("comment"),
  body: noteBodySchema,
});

export async function addNote(actor: Actor, input: z.input<typeof addNoteSchema>): Promise<{ id: number }> {
  requireRole(actor, "analyst");
  const { caseId, kind, body } = parseInput(addNoteSchema, input);
  return getPrisma().$transaction(async (tx) => {
    const kase = await tx.case.findUnique({ where: { id: caseId }, select: { id: true } });
    if (!kase) throw new AppError("not_found", "No such case.");
    const note = await tx.caseNote.create({ data: { caseId, kind, body, authorId: actor.id }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      caseId,
      entityType: "note",
      entityId: note.id,
      action: "note.create",
      before: null,
      after: { kind, body },
    });
    return note;
  });
}
