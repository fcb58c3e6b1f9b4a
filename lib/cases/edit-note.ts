// Changes a note's text, keeping the previous text as a revision (the edit history). Only its
// author or an admin may edit a note: a note is someone's account of what they saw, and others
// answer with a comment rather than rewrite it. The write carries that scope and the version the
// editor read. People mentioned for the first time by the edit are notified.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { notify } from "../notifications/notify";
import { caseAudience, casePath } from "../notifications/case-audience";
import { mentionedUserIds } from "../notifications/mentions";
import { editableNoteWhere } from "./editable-note-where";
import { noteBodySchema } from "./note-body";
import { noteConflict } from "./note-conflict";

export const editNoteSchema = z.object({
  noteId: z.number().int().positive(),
  version: z.number().int().positive(),
  body: noteBodySchema,
});

export async function editNote(actor: Actor, input: z.input<typeof editNoteSchema>): Promise<{ version: number }> {
  requireRole(actor, "analyst");
  const { noteId, version, body } = parseInput(editNoteSchema, input);
  return transact(async (tx, after) => {
    const before = await tx.caseNote.findFirst({
      where: editableNoteWhere(actor, noteId, version),
      select: { caseId: true, body: true },
    });
    if (!before) throw await noteConflict(tx, actor, noteId);
    if (before.body === body) return { version };
    const { count } = await tx.caseNote.updateMany({
      where: editableNoteWhere(actor, noteId, version),
      data: { body, version: { increment: 1 } },
    });
    if (count === 0) throw await noteConflict(tx, actor, noteId);
    await tx.caseNoteRevision.create({ data: { noteId, body: before.body, version, editedById: actor.id } });
    await recordAudit(tx, {
      actor,
      caseId: before.caseId,
      entityType: "note",
      entityId: noteId,
      action: "note.edit",
      before: { body: before.body, version },
      after: { body, version: version + 1 },
    });
    const already = new Set(mentionedUserIds(before.body));
    const added = mentionedUserIds(body).filter((id) => !already.has(id));
    if (added.length) {
      const audience = await caseAudience(tx, before.caseId);
      await notify(
        tx,
        after,
        { actorId: actor.id, caseId: before.caseId },
        added.map((userId) => ({
          userId,
          kind: "mention",
          summary: `${actor.name} mentioned you in ${audience.number}: ${audience.title}`,
          link: casePath(audience.number, noteId),
        })),
      );
    }
    after.live(caseTopic(before.caseId), "case.changed");
    return { version: version + 1 };
  });
}
