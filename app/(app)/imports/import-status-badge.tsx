import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ImportStatus } from "@/lib/generated/prisma/enums";

const TONE: Record<ImportStatus, BadgeTone> = {
  queued: "neutral",
  running: "blue",
  completed: "green",
  failed: "red",
  rejected: "amber",
};

export function ImportStatusBadge({ status, testId }: { status: ImportStatus; testId?: string }) {
  return (
    <Badge tone={TONE[status]}>
      <span data-testid={testId}>{status}</span>
    </Badge>
  );
}
