// Merge attacker identities that an analyst knows are one actor: the sources point at the
// surviving profile (mergedIntoId), nothing is deleted, and splitAttacker undoes it. Profiles
// stay one level deep: a target that is itself merged resolves to its root, and a source's own
// members move with it, so a group is always a root and its members.
import { z } from "zod";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { requireRole, type Actor } from "../auth/roles";
import { lockAttackerMerges } from "./lock-attacker-merges";

const profileId = z.coerce.number().int().positive().max(2_147_483_647);

export const mergeAttackersSchema = z.object({
  targetId: profileId,
  sourceIds: z.array(profileId).min(1, "Pick at least one profile to merge.").max(100),
});

export type MergeAttackersInput = z.input<typeof mergeAttackersSchema>;

export interface MergeResult {
  /** The surviving profile. */
  targetId: number;
  /** Profiles whose mergedIntoId changed (sources and the members that moved with them). */
  merged: number[];
}

export async function mergeAttackers(actor: Actor, input: MergeAttackersInput): Promise<MergeResult> {
  requireRole(actor, "analyst");
  const parsed = mergeAttackersSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "Invalid merge.");
  const { targetId } = parsed.data;
  const sourceIds = [...new Set(parsed.data.sourceIds)];

  return getPrisma().$transaction(async (tx) => {
    await lockAttackerMerges(tx);
    const target = await tx.attackerProfile.findUnique({ where: { id: targetId } });
    if (!target) throw new AppError("not_found", `No attacker #${targetId}.`);
    const rootId = target.mergedIntoId ?? target.id;
    const sources = await tx.attackerProfile.findMany({ where: { id: { in: sourceIds } } });
    const missing = sourceIds.filter((id) => !sources.some((s) => s.id === id));
    if (missing.length) throw new AppError("not_found", `No attacker #${missing.join(", #")}.`);
    for (const s of sources) {
      if (s.id === targetId) throw new AppError("bad_request", `Attacker #${s.id} cannot be merged into itself.`);
      if (s.id === rootId) {
        throw new AppError(
          "bad_request",
          `Attacker #${targetId} is merged into #${s.id}: merging #${s.id} into its own member would form a cycle.`,
        );
      }
    }
    // Already members of the root: nothing to do for them.
    const moving = sources.filter((s) => s.mergedIntoId !== rootId);
    const followers = moving.length
      ? await tx.attackerProfile.findMany({ where: { mergedIntoId: { in: moving.map((s) => s.id) } } })
      : [];
    const changed = [...moving, ...followers].sort((a, b) => a.id - b.id);
    if (!changed.length) return { targetId: rootId, merged: [] };
    await tx.attackerProfile.updateMany({
      where: { id: { in: changed.map((p) => p.id) } },
      data: { mergedIntoId: rootId },
    });
    await recordAudit(tx, {
      actor,
      entityType: "attacker",
      entityId: rootId,
      action: "attacker.merge",
      before: {
        profiles: changed.map((p) => ({ id: p.id, ip: p.ip, userAgent: p.userAgent, mergedIntoId: p.mergedIntoId })),
      },
      after: { profiles: changed.map((p) => ({ id: p.id, mergedIntoId: rootId })) },
    });
    return { targetId: rootId, merged: changed.map((p) => p.id) };
  });
}
