import { Badge } from "@/components/ui/badge";
import { formatPercent } from "@/components/ui/format";

/** A finding's confidence (0..1) as a whole percentage. */
export function ConfidenceBadge({ confidence }: { confidence: number }) {
  const tone = confidence >= 0.9 ? "red" : confidence >= 0.7 ? "amber" : "neutral";
  return (
    <Badge tone={tone} className="tabular-nums">
      <span title={`confidence ${confidence}`}>{formatPercent(confidence)}</span>
    </Badge>
  );
}
