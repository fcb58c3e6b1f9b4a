"use server";
// Runs a pivot for a case from the case page. A server action is a public endpoint: the session
// and role are checked first, the form is validated with zod, and only messages we chose reach
// the browser.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createPivotRun } from "@/lib/pivots/create-pivot-run";

export interface PivotFormState {
  ok: boolean;
  message: string | null;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().max(8192).optional());

const pivotFormSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  host: z.string().max(255),
  site: z.string().max(255),
  match: z.enum(["ip", "userAgent", "both"]),
  ip: optionalText,
  userAgent: optionalText,
  anchor: z.string().max(64),
  window: optionalText,
  lookback: optionalText,
  allRequests: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

export async function runPivotAction(_prev: PivotFormState, formData: FormData): Promise<PivotFormState> {
  try {
    const actor = await requireActor("analyst");
    const form = pivotFormSchema.safeParse(Object.fromEntries(formData));
    if (!form.success) return { ok: false, message: "The form is incomplete; reload the page and try again." };
    const f = form.data;
    if (f.match !== "userAgent" && !f.ip) return { ok: false, message: "Give the attacker's IP." };
    if (f.match !== "ip" && !f.userAgent) return { ok: false, message: "Give the attacker's user agent." };
    const run = await createPivotRun({
      caseId: f.caseId,
      params: {
        host: f.host,
        site: f.site,
        ip: f.match === "userAgent" ? undefined : f.ip?.trim(),
        userAgent: f.match === "ip" ? undefined : f.userAgent,
        anchor: f.anchor.trim(),
        window: f.window?.trim(),
        lookback: f.lookback?.trim(),
        allRequests: f.allRequests,
      },
      actor,
    });
    // Every case page: the number is in the URL, the form only carries the case's id.
    revalidatePath("/cases/[caseId]", "page");
    return { ok: true, message: `Pivot run #${run.id} queued.` };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message };
    logger.error("pivot run not created", { error: err instanceof Error ? err.message : String(err) });
    return { ok: false, message: "The pivot could not be started; try again." };
  }
}
