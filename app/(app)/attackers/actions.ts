"use server";
// Merge, split and label attacker profiles. Each action is a public endpoint: it checks the
// session and role first, validates the form with zod, and leaves the rules (cycles, roots,
// audit entries) to lib/attackers, where they are tested.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { labelAttacker } from "@/lib/attackers/label-attacker";
import { mergeAttackers } from "@/lib/attackers/merge-attackers";
import { resolveAttackerRefs } from "@/lib/attackers/resolve-attacker-refs";
import { splitAttacker } from "@/lib/attackers/split-attacker";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type AttackerActionState = { ok: boolean; message: string } | null;

const id = z.coerce.number().int().positive().max(2_147_483_647);

const mergeForm = z.object({
  targetId: id,
  sourceIds: z.array(id).max(100),
  refs: z.string().max(2000).default(""),
});
const splitForm = z.object({ id });
const labelForm = z.object({ id, label: z.string().max(1000) });

function failure(err: unknown): AttackerActionState {
  if (err instanceof AppError) return { ok: false, message: err.message };
  if (err instanceof z.ZodError) return { ok: false, message: "The form was not filled in correctly." };
  logger.error("attacker action failed", { error: err instanceof Error ? err.message : String(err) });
  return { ok: false, message: "Something went wrong; nothing was changed." };
}

/** Profiles and cases show merges (members, related cases): refresh both. */
function revalidate(): void {
  revalidatePath("/attackers", "layout");
  revalidatePath("/cases", "layout");
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
};

export async function mergeAttackersAction(_prev: AttackerActionState, form: FormData): Promise<AttackerActionState> {
  try {
    const actor = await requireActor("analyst");
    const input = mergeForm.parse({
      targetId: text(form, "targetId"),
      sourceIds: form.getAll("sourceId").filter((v) => typeof v === "string"),
      refs: text(form, "refs"),
    });
    const sourceIds = [...input.sourceIds, ...(await resolveAttackerRefs(input.refs))];
    if (!sourceIds.length) return { ok: false, message: "Pick a profile, or type its id or IP." };
    const result = await mergeAttackers(actor, { targetId: input.targetId, sourceIds });
    revalidate();
    return {
      ok: true,
      message: result.merged.length
        ? `Merged ${result.merged.map((m) => `#${m}`).join(", ")} into #${result.targetId}.`
        : `Already merged into #${result.targetId}.`,
    };
  } catch (err) {
    return failure(err);
  }
}

export async function splitAttackerAction(_prev: AttackerActionState, form: FormData): Promise<AttackerActionState> {
  try {
    const actor = await requireActor("analyst");
    const input = splitForm.parse({ id: text(form, "id") });
    await splitAttacker(actor, input.id);
    revalidate();
    return { ok: true, message: `#${input.id} is a profile of its own again.` };
  } catch (err) {
    return failure(err);
  }
}

export async function labelAttackerAction(_prev: AttackerActionState, form: FormData): Promise<AttackerActionState> {
  try {
    const actor = await requireActor("analyst");
    const input = labelForm.parse({ id: text(form, "id"), label: text(form, "label") ?? "" });
    await labelAttacker(actor, input.id, input.label);
    revalidate();
    return { ok: true, message: input.label.trim() ? "Label saved." : "Label removed." };
  } catch (err) {
    return failure(err);
  }
}
