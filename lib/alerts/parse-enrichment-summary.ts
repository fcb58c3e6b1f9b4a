// An alert's `enrichment` JSON (the last enrichment's outcome, message and scored candidates, as
// lib/enrich/enrich-alert.ts writes it) read back into a type. Tolerant: a summary from an
// older version shows what it can.
import { z } from "zod";

const candidateSchema = z.object({
  host: z.string(),
  site: z.string().nullable().catch(null),
  uriStem: z.string(),
  score: z.number(),
  confidence: z.number(),
  reasons: z.array(z.string()).catch([]),
});

const summarySchema = z.object({
  mode: z.string().catch("default"),
  webHosts: z.array(z.string()).catch([]),
  anchor: z.string().nullable().catch(null),
  outcome: z.string(),
  message: z.string().catch(""),
  candidates: z.array(candidateSchema).catch([]),
});

export type EnrichmentSummaryView = z.infer<typeof summarySchema>;
export type EnrichmentCandidate = z.infer<typeof candidateSchema>;

export function parseEnrichmentSummary(value: unknown): EnrichmentSummaryView | null {
  const parsed = summarySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
