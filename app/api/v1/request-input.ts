// A route's path params, query string and JSON body, each parsed with its zod schema where it
// enters: a failure is an AppError bad_request whose message names the field ("id: must be a
// positive whole number"), so the caller learns what to fix. Pure: testable with a plain Request.
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";

export function readParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  return parseInput(schema, params);
}

/** A repeated query parameter keeps its last value. */
export function readQuery<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  return parseInput(schema, Object.fromEntries(new URL(request.url).searchParams));
}

export async function readJsonBody<S extends z.ZodType>(schema: S, request: Request): Promise<z.output<S>> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request", "Send the body as application/json.");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
  return parseInput(schema, body);
}
