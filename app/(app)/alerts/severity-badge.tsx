import { Badge, type BadgeTone } from "@/components/ui/badge";

// SecurityAlert's AlertSeverity values; anything else is shown as received, neutral.
const TONE: Record<string, BadgeTone> = {
  high: "red",
  medium: "amber",
  low: "blue",
  informational: "neutral",
};

export function SeverityBadge({ severity }: { severity: string | null }) {
  if (!severity) return <span className="text-slate-400">—</span>;
  return (
    <Badge tone={TONE[severity.toLowerCase()] ?? "neutral"} className="max-w-full">
      <span className="truncate" title={severity}>
        {severity}
      </span>
    </Badge>
  );
}
