// Undo a merge for one identity: it becomes a profile of its own again, with its own cases.
import { z } from "zod";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { requireRole, type Actor } from "../auth/roles";
import { lockAttackerMerges } from "./lock-attacker-merges";

export const splitAttackerSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export async function splitAttacker(actor: Actor, id: number): Promise<void> {
  requireRole(actor, "analyst");
  const parsed = splitAttackerSchema.safeParse({ id });
  if (!parsed.success) throw new AppError("bad_request", "Invalid attacker id.");
  await getPrisma().$transaction(async (tx) => {
    await lockAttackerMerges(tx);
    const profile = await tx.attackerProfile.findUnique({ where: { id: parsed.data.id } });
    if (!profile) throw new AppError("not_found", `No attacker #${parsed.data.id}.`);
    if (profile.mergedIntoId === null) throw new AppError("bad_request", `Attacker #${profile.id} is not merged.`);
    // The write carries what was read: a concurrent change makes it match nothing.
    const { count } = await tx.attackerProfile.updateMany({
      where: { id: profile.id, mergedIntoId: profile.mergedIntoId },
      data: { mergedIntoId: null },
    });
    if (count !== 1) throw new AppError("conflict", `Attacker #${profile.id} changed meanwhile; reload and retry.`);
    await recordAudit(tx, {
      actor,
      entityType: "attacker",
      entityId: profile.id,
      action: "attacker.split",
      before: { mergedIntoId: profile.mergedIntoId },
      after: { mergedIntoId: null },
    });
  });
}
