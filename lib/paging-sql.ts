// Helpers for list queries written in SQL (sorting by an expression Prisma cannot order by).
import { z } from "zod";

/** Empty strings (an unset field of a GET form) mean "no filter". */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** An ILIKE pattern matching `text` anywhere, with its wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const LOCAL = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?)?$/;

/**
 * A time from a query string: ISO 8601, or a form's date / datetime-local value, which carries
 * no zone and is read as UTC (every time in the app is UTC).
 */
export const utcTimeParam = z.preprocess(
  (v) => {
    const s = blankToUndefined(v);
    if (typeof s !== "string") return s;
    const t = s.trim();
    return LOCAL.test(t) ? `${t.length === 10 ? `${t}T00:00` : t}Z` : t;
  },
  z.coerce
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), "not a time")
    .optional(),
);

export const sortDirSchema = z.preprocess(blankToUndefined, z.enum(["asc", "desc"]).optional());
