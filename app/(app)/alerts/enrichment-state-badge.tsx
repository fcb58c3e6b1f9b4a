import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { EnrichmentState } from "@/lib/generated/prisma/enums";

const TONE: Record<EnrichmentState, BadgeTone> = {
  pending: "neutral",
  queued: "neutral",
  running: "blue",
  done: "green",
  failed: "red",
  not_applicable: "neutral",
};

export const ENRICHMENT_STATE_LABEL: Record<EnrichmentState, string> = {
  pending: "pending",
  queued: "queued",
  running: "running",
  done: "done",
  failed: "failed",
  not_applicable: "not applicable",
};

/** The alert's enrichment state; a failure's error is in the title (the page shows it in full). */
export function EnrichmentStateBadge({ state, error }: { state: EnrichmentState; error?: string | null }) {
  return (
    <Badge tone={TONE[state]}>
      <span data-testid="enrichment-state" title={state === "failed" && error ? error : undefined}>
        {ENRICHMENT_STATE_LABEL[state]}
      </span>
    </Badge>
  );
}
