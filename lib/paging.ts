// The one shape of a page of results (`findXs` functions) and of the parameters that ask for it.
// Query strings and JSON bodies are parsed with pageParamsSchema where they enter.
import { z } from "zod";

export const MAX_PER_PAGE = 200;

export const pageParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  perPage: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(50),
});

export type PageParams = z.infer<typeof pageParamsSchema>;

export interface Page<T> {
  data: T[];
  /** All rows matching, not only this page's. */
  count: number;
  page: number;
  perPage: number;
}

/** Validates page parameters from a caller inside lib (throws on nonsense rather than guessing). */
export function toPageParams(input: Partial<PageParams>): PageParams {
  return pageParamsSchema.parse(input);
}

export function skipFor({ page, perPage }: PageParams): number {
  return (page - 1) * perPage;
}
