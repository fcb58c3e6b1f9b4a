// JSON error answers for route handlers: `{ error: { code, message } }`. Only messages chosen in
// code (AppError, validation) reach the client; anything else is logged and answered generically.
import { z } from "zod";
import { AppError, HTTP_STATUS, type AppErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";

export interface ApiErrorBody {
  error: { code: AppErrorCode | "internal"; message: string };
}

export function errorResponse(code: AppErrorCode, message: string): Response {
  return Response.json({ error: { code, message } } satisfies ApiErrorBody, {
    status: HTTP_STATUS[code],
    headers: { "Cache-Control": "no-store" },
  });
}

/** One line per problem, naming the field: "kind: kind must be web_log or alerts". */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

/** Maps anything thrown by a handler to a response; unexpected errors are logged, never echoed. */
export function toErrorResponse(err: unknown, context: Record<string, unknown>): Response {
  if (err instanceof AppError) return errorResponse(err.code, err.message);
  if (err instanceof z.ZodError) return errorResponse("bad_request", describeZodError(err));
  logger.error("request failed", {
    ...context,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return Response.json(
    {
      error: { code: "internal", message: "Something went wrong on the server. The error was logged." },
    } satisfies ApiErrorBody,
    { status: 500, headers: { "Cache-Control": "no-store" } },
  );
}
