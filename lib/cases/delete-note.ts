// Deletes a note softly (deletedAt): it disappears from the case, its text stays in the audit
// log and the revisions. Same rule as editing: the author or an admin, at the version read.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { editableNoteWhere } from "./editable-note-where";
import { noteConflict } from "./note-conflict";

export const deleteNoteSchema = z.object({
  noteId: z.number().int().positive(),
  version: z.number().int().positive(),
});

export async function deleteNote(actor: Actor, input: z.input<typeof deleteNoteSchema>): Promise<{ deleted: true }> {
  requireRole(actor, "analyst");
  const { noteId, version } = parseInput(deleteNoteSchema, input);
  return transact(async (tx, after) => {
    const before = await tx.caseNote.findFirst({
      where: editableNoteWhere(actor, noteId, version),
      select: { caseId: true, body: true, kind: true },
    });
    if (!before) throw await noteConflict(tx, actor, noteId);
    const { count } = await tx.caseNote.updateMany({
      where: editableNoteWhere(actor, noteId, version),
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw await noteConflict(tx, actor, noteId);
    await recordAudit(tx, {
      actor,
      caseId: before.caseId,
      entityType: "note",
      entityId: noteId,
      action: "note.delete",
      before: { kind: before.kind, body: before.body },
      after: null,
    });
    after.live(caseTopic(before.caseId), "case.changed");
    return { deleted: true };
  });
}
