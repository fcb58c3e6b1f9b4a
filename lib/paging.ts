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
  /** All rows matching, not only this page's; with countCapped, a lower bound. */
  count: number;
  /**
   * True when counting stopped at a cap (lists of a million rows count up to a bound past the
   * page, "10,000+", instead of reading every match to number the last page).
   */
  countCapped?: boolean;
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

/**
 * How many rows a capped count reads: up to `cap` rows from the page's first, plus one to tell
 * "exactly that many" from "more". The count query is `count(*) FROM (SELECT 1 … LIMIT <this>)`.
 */
export function countLimit(params: PageParams, cap: number): number {
  return skipFor(params) + cap + 1;
}

/** The count of a page whose count query read at most countLimit rows: exact, or a lower bound. */
export function cappedCount(counted: number, params: PageParams, cap: number): { count: number; countCapped: boolean } {
  const bound = skipFor(params) + cap;
  return counted > bound ? { count: bound, countCapped: true } : { count: counted, countCapped: false };
}
