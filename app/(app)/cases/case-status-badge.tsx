import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CaseStatus } from "@/lib/generated/prisma/enums";

const TONE: Record<CaseStatus, BadgeTone> = {
  new: "blue",
  triage: "amber",
  investigating: "violet",
  contained: "green",
  closed: "neutral",
};

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return (
    <Badge tone={TONE[status]}>
      <span data-testid="case-status">{status}</span>
    </Badge>
  );
}
