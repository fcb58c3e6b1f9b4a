import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AlertKind } from "@/lib/generated/prisma/enums";

const TONE: Record<AlertKind, BadgeTone> = { command: "violet", file: "blue", other: "neutral" };

/** command / file / other, with the classifier's reason on hover. */
export function AlertKindBadge({ kind, reason }: { kind: AlertKind; reason?: string | null }) {
  return (
    <Badge tone={TONE[kind]}>
      <span data-testid="alert-kind" title={reason ?? undefined}>
        {kind}
      </span>
    </Badge>
  );
}
