// What enrichment keeps on the alert whatever the outcome (alerts.enrichment): enough for an
// analyst to triage, and the reason when no finding came out of it.
import type { EnrichConfig } from "./enrich-config";

/** What is kept on the alert whatever the outcome: enough for an analyst to triage. */
export interface EnrichmentSummary {
  mode: "default";
  config: EnrichConfig;
  webHosts: string[];
  anchor: string | null;
  outcome: "finding" | "no_confident_finding" | "no_candidates" | "no_web_logs" | "not_applicable";
  message: string;
  candidates: {
    host: string;
    site: string | null;
    uriStem: string;
    score: number;
    confidence: number;
    reasons: string[];
  }[];
}

export function summary(
  config: EnrichConfig,
  webHosts: string[],
  anchor: Date | null,
  outcome: EnrichmentSummary["outcome"],
  message: string,
  candidates: EnrichmentSummary["candidates"],
): EnrichmentSummary {
  return { mode: "default", config, webHosts, anchor: anchor?.toISOString() ?? null, outcome, message, candidates };
}
