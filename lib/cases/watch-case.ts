// The actor starts watching a case (watchers are the people to tell when it changes). Watching
// twice is one watch and one audit entry.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";
import { AppError } from "../errors";

export const watchCaseSchema = z.object({ caseId: z.number().int().positive() });

export async function watchCase(actor: Actor, input: z.input<typeof watchCaseSchema>): Promise<{ watching: true }> {
  requireRole(actor, "analyst");
  const { caseId } = parseInput(watchCaseSchema, input);
  return transact(async (tx, after) => {
    const kase = await tx.case.findUnique({ where: { id: caseId }, select: { id: true } });
    if (!kase) throw new AppError("not_found", "No such case.");
    const { count } = await tx.caseWatcher.createMany({ data: [{ caseId, userId: actor.id }], skipDuplicates: true });
    if (count > 0) {
      await recordAudit(tx, {
        actor,
        caseId,
        entityType: "case",
        entityId: caseId,
        action: "case.watch",
        before: null,
        after: { userId: actor.id, email: actor.email },
      });
    }
    after.live(caseTopic(caseId), "case.changed");
    return { watching: true };
  });
}
