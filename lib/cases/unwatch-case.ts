// The actor stops watching a case. Not watching already changes nothing and audits nothing.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { transact } from "../transact";
import { caseTopic } from "../live/events";

export const unwatchCaseSchema = z.object({ caseId: z.number().int().positive() });

export async function unwatchCase(
  actor: Actor,
  input: z.input<typeof unwatchCaseSchema>,
): Promise<{ watching: false }> {
  requireRole(actor, "analyst");
  const { caseId } = parseInput(unwatchCaseSchema, input);
  return transact(async (tx, after) => {
    // Scoped to the actor: nobody removes someone else's watch.
    const { count } = await tx.caseWatcher.deleteMany({ where: { caseId, userId: actor.id } });
    if (count > 0) {
      await recordAudit(tx, {
        actor,
        caseId,
        entityType: "case",
        entityId: caseId,
        action: "case.unwatch",
        before: { userId: actor.id, email: actor.email },
        after: null,
      });
    }
    after.live(caseTopic(caseId), "case.changed");
    return { watching: false };
  });
}
