import type { NotificationKind } from "@/lib/generated/prisma/enums";

export const KIND_LABEL: Record<NotificationKind, string> = {
  mention: "mention",
  case_assigned: "case assigned",
  task_assigned: "task assigned",
  case_status: "status",
  case_owner: "owner",
  case_severity: "severity",
  case_comment: "comment",
  import_finished: "import",
  import_failed: "import failed",
};
