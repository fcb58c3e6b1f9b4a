// Wraps a domain function as a form's server action: the actor is checked first (401/403 before
// anything is read), the form is parsed with zod, and the answer is an ActionState. AppErrors
// (bad request, conflict, forbidden, …) reach the form with their chosen message; anything else
// is logged and answered with a generic message. Only the app's "use server" files use this.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Actor, Role } from "@/lib/auth/roles";
import { requireActor } from "@/lib/auth/session";
import { ConflictError } from "@/lib/cases/conflict-error";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { describeIssues } from "@/lib/parse-input";
import type { ActionState, FormActionFn } from "./action-state";

export interface ActionOutcome {
  message: string;
  /** Navigate here afterwards (e.g. the case just opened). */
  redirectTo?: string;
}

/** A form's fields as an object: a repeated field (checkboxes) becomes an array. */
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
  return async (_state, form) => {
    let outcome: ActionOutcome;
    try {
      const actor = await requireActor(min);
      const parsed = schema.safeParse(formFields(form));
      if (!parsed.success) return failure("bad_request", describeIssues(parsed.error));
      outcome = await run(actor, parsed.data);
    } catch (err) {
      if (err instanceof AppError) {
        return failure(err.code, err.message, err instanceof ConflictError ? err.current : undefined);
      }
      logger.error("server action failed", {
        error: err instanceof Error ? err.message : String(err),
        stack: err instanceof Error ? err.stack : undefined,
      });
      return failure("internal", "Something went wrong on the server. The error was logged; try again.");
    }
    // Every page reads the database per request: refresh what the browser shows.
    revalidatePath("/", "layout");
    if (outcome.redirectTo) redirect(outcome.redirectTo);
    return { ok: true, message: outcome.message, at: Date.now() };
  };
}

function failure(
  code: Exclude<ActionState, null | { ok: true }>["code"],
  error: string,
  current?: Exclude<ActionState, null | { ok: true }>["current"],
): ActionState {
  return { ok: false, code, error, current, at: Date.now() };
}
