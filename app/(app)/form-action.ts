// Wraps a domain function as a form's server action; every "use server" file exports only
// these. In order: the actor is checked (401/403 before anything is read), the form is parsed
// with zod (refused by field), the domain function runs, and the answer is an ActionResult
// (action-result.ts; failures mapped by action-failure.ts). After a success every page is
// revalidated, and an outcome with `redirectTo` navigates there instead of answering.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Actor, Role } from "@/lib/auth/roles";
import { requireActor } from "@/lib/auth/session";
import { actionFailure, invalidForm } from "./action-failure";
import type { FormActionFn } from "./action-result";

export interface ActionOutcome {
  message: string;
  /** Navigate here afterwards (e.g. the case just opened). */
  redirectTo?: string;
}

/** A form's fields as an object: a repeated field, or one named "x[]", becomes an array. */
export function formFields(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 || key.endsWith("[]") ? all : (all[0] ?? "");
  }
  return out;
}

export function formAction<S extends z.ZodType>(
  min: Role,
  schema: S,
  run: (actor: Actor, input: z.output<S>) => Promise<ActionOutcome>,
): FormActionFn {
  return async (_previous, form) => {
    let outcome: ActionOutcome;
    try {
      const actor = await requireActor(min);
      const parsed = schema.safeParse(formFields(form));
      if (!parsed.success) return invalidForm(parsed.error);
      outcome = await run(actor, parsed.data);
    } catch (err) {
      return actionFailure(err);
    }
    // Every page reads the database per request: refresh what the browser shows.
    revalidatePath("/", "layout");
    if (outcome.redirectTo) redirect(outcome.redirectTo);
    return { status: "ok", message: outcome.message, at: Date.now() };
  };
}
