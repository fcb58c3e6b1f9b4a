// JSON error answers for route handlers: `{ error: { code, message }, current? }`. Only messages
// chosen in code (AppError, validation) reach the client; a conflict also carries the field's
// value now, so a script can retry on the version it names. Anything else is logged with its
// stack and answered with a generic 500: the stack never leaves the server.
// Pure (no next/*): route-handler.ts adds the headers every answer gets.
import { z } from "zod";
import { ConflictError, type ConflictDetails } from "@/lib/cases/conflict-error";
import { AppError, HTTP_STATUS, type AppErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { describeIssues } from "@/lib/parse-input";

export interface ApiErrorBody {
  error: { code: AppErrorCode | "internal"; message: string };
  /** For a 409: the field the request meant to change, its value and the record's version now. */
  current?: ConflictDetails;
}

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on the server. The error was logged.";

export function errorResponse(code: AppErrorCode, message: string, current?: ConflictDetails): Response {
  return Response.json({ error: { code, message }, current } satisfies ApiErrorBody, { status: HTTP_STATUS[code] });
}

/** Maps anything thrown by a handler to a response; unexpected errors are logged, never echoed. */
export function toErrorResponse(err: unknown, context: Record<string, unknown>): Response {
  if (err instanceof ConflictError) return errorResponse(err.code, err.message, err.current);
  if (err instanceof AppError) return errorResponse(err.code, err.message);
  if (err instanceof z.ZodError) return errorResponse("bad_request", describeIssues(err));
  logger.error("request failed", {
    ...context,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return Response.json({ error: { code: "internal", message: INTERNAL_ERROR_MESSAGE } } satisfies ApiErrorBody, {
    status: 500,
  });
}
