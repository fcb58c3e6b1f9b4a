import { z } from "zod";

/** A note's Markdown, as written (rendered without raw HTML: components/ui/markdown.tsx). */
export const noteBodySchema = z
  .string({ message: "write something" })
  .max(20_000, "at most 20,000 characters")
  .refine((s) => s.trim().length > 0, "write something");
