// An analyst's name for an attacker profile ("APT-X operator", "red team"): shown beside its IP.
import { z } from "zod";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { requireRole, type Actor } from "../auth/roles";

export const labelAttackerSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  /** Empty clears the label. */
  label: z
    .string()
    .trim()
    .max(120, "A label has at most 120 characters.")
    .transform((v) => v || null),
});

export async function labelAttacker(actor: Actor, id: number, label: string): Promise<void> {
  requireRole(actor, "analyst");
  const parsed = labelAttackerSchema.safeParse({ id, label });
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "Invalid label.");
  await getPrisma().$transaction(async (tx) => {
    const profile = await tx.attackerProfile.findUnique({ where: { id: parsed.data.id }, select: { label: true } });
    if (!profile) throw new AppError("not_found", `No attacker #${parsed.data.id}.`);
    if (profile.label === parsed.data.label) return;
    await tx.attackerProfile.update({ where: { id: parsed.data.id }, data: { label: parsed.data.label } });
    await recordAudit(tx, {
      actor,
      entityType: "attacker",
      entityId: parsed.data.id,
      action: "attacker.label",
      before: { label: profile.label },
      after: { label: parsed.data.label },
    });
  });
}
