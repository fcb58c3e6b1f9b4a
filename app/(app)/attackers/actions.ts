"use server";
// Merge, split and label attacker profiles. Each action is a public endpoint: formAction checks
// the session and role first and validates the form with zod; the rules (cycles, roots, audit
// entries) are lib/attackers', where they are tested.
import { z } from "zod";
import { labelAttacker } from "@/lib/attackers/label-attacker";
import { mergeAttackers } from "@/lib/attackers/merge-attackers";
import { resolveAttackerRefs } from "@/lib/attackers/resolve-attacker-refs";
import { splitAttacker } from "@/lib/attackers/split-attacker";
import { AppError } from "@/lib/errors";
import { formAction } from "../form-action";

const id = z.coerce.number().int().positive().max(2_147_483_647);

export const mergeAttackersAction = formAction(
  "analyst",
  z.object({
    targetId: id,
    // The suggestions' checkboxes; absent when none is ticked.
    "sourceIds[]": z.array(id).max(100).default([]),
    refs: z.string().max(2000).default(""),
  }),
  async (actor, input) => {
    const sourceIds = [...input["sourceIds[]"], ...(await resolveAttackerRefs(input.refs))];
    if (!sourceIds.length) throw new AppError("bad_request", "Pick a profile, or type its id or IP.");
    const result = await mergeAttackers(actor, { targetId: input.targetId, sourceIds });
    return {
      message: result.merged.length
        ? `Merged ${result.merged.map((m) => `#${m}`).join(", ")} into #${result.targetId}.`
        : `Already merged into #${result.targetId}.`,
    };
  },
);

export const splitAttackerAction = formAction("analyst", z.object({ id }), async (actor, input) => {
  await splitAttacker(actor, input.id);
  return { message: `#${input.id} is a profile of its own again.` };
});

export const labelAttackerAction = formAction(
  "analyst",
  z.object({ id, label: z.string().max(1000) }),
  async (actor, input) => {
    await labelAttacker(actor, input.id, input.label);
    return { message: input.label.trim() ? "Label saved." : "Label removed." };
  },
);
