// Adds a note (the analyst's write-up) or a comment (discussion) to a case, in Markdown. The
// people it @mentions are notified (viewers too: they read), then the case's owner and watchers.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { notify, type Notice } from "../notifications/notify";
import { caseAudience, casePath } from "../notifications/case-audience";
import { mentionedUserIds } from "../notifications/mentions";
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
  return transact(async (tx, after) => {
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
    const audience = await caseAudience(tx, caseId);
    const link = casePath(audience.number, note.id);
    const notices: Notice[] = [
      ...mentionedUserIds(body).map((userId) => ({
        userId,
        kind: "mention" as const,
        summary: `${actor.name} mentioned you in ${audience.number}: ${audience.title}`,
        link,
      })),
      ...audience.userIds.map((userId) => ({
        userId,
        kind: "case_comment" as const,
        summary: `${actor.name} ${kind === "note" ? "added a note to" : "commented on"} ${audience.number}: ${audience.title}`,
        link,
      })),
    ];
    await notify(tx, after, { actorId: actor.id, caseId }, notices);
    after.live(caseTopic(caseId), "case.changed");
    return note;
  });
}
