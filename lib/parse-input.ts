// Validates input where it enters a domain function and turns a zod failure into the one error
// type the app maps to HTTP: AppError bad_request, one line per problem, naming the field
// ("reason: say why these alerts are dismissed").
import type { z } from "zod";
import { AppError } from "./errors";

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("bad_request", describeIssues(result.error));
  return result.data;
}
