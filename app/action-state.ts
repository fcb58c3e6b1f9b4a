// What a server action answers a form (useActionState): a message to show, good or bad. Only
// messages chosen in code reach the browser (AppError, validation); anything else is logged and
// answered with a generic sentence.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type ActionState = { ok: boolean; message: string } | null;

export function actionFailure(err: unknown, action: string): { ok: false; message: string } {
  if (err instanceof AppError) return { ok: false, message: err.message };
  if (err instanceof z.ZodError) return { ok: false, message: err.issues.map((i) => i.message).join(" ") };
  logger.error("server action failed", {
    action,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return { ok: false, message: "Something went wrong on the server. The error was logged." };
}
