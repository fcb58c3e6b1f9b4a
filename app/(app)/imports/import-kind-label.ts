import type { ImportKind } from "@/lib/generated/prisma/enums";

const LABELS: Record<ImportKind, string> = {
  web_log: "IIS web log",
  alerts: "Defender alerts",
  workspace: "Workspace fetch",
};

export function importKindLabel(kind: ImportKind): string {
  return LABELS[kind];
}
