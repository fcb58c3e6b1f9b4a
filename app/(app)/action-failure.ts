// What a refused or failed server action answers its form. Only messages chosen in code reach
// the browser: an AppError's (a conflict with the value now), the form's zod problems by field;
// anything else is logged with its stack and answered with a generic sentence. Pure (no next/*),
// so the mapping is unit-tested; form-action.ts is its only caller.
import type { z } from "zod";
import { ConflictError } from "@/lib/cases/conflict-error";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { describeIssues } from "@/lib/parse-input";
import type { ActionResult } from "./action-result";

export const INTERNAL_ACTION_MESSAGE = "Something went wrong on the server. The error was logged; try again.";

/** A form that did not parse: one line naming each field, and each field's first problem. */
export function invalidForm(error: z.ZodError): ActionResult {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
  delete fieldErrors[""];
  return { status: "error", code: "bad_request", message: describeIssues(error), fieldErrors, at: Date.now() };
}

export function actionFailure(err: unknown): ActionResult {
  if (err instanceof AppError) {
    const { code, message } = err;
    if (code !== "conflict") return { status: "error", code, message, fieldErrors: {}, at: Date.now() };
    const current = err instanceof ConflictError ? err.current : undefined;
    return { status: "conflict", message, current, at: Date.now() };
  }
  logger.error("server action failed", {
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return { status: "error", code: "internal", message: INTERNAL_ACTION_MESSAGE, fieldErrors: {}, at: Date.now() };
}
