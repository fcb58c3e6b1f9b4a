// "Your import finished" (or was refused, or failed for good) for whoever started it. A retried
// failure tells no one until the last attempt: the job may yet succeed.
import type { Prisma } from "../generated/prisma/client";
import type { NotificationKind } from "../generated/prisma/enums";
import type { AfterCommit } from "../transact";
import { emailConfigured, notify } from "./notify";

const IMPORTS_PATH = "/imports";

export interface ImportOutcome {
  id: number;
  fileName: string;
  status: "completed" | "rejected" | "failed";
  imported: number;
  duplicates: number;
  errorCount: number;
  message: string | null;
  startedById: number | null;
}

export function importNoticeSummary(b: Omit<ImportOutcome, "id" | "startedById">): string {
  if (b.status === "completed") {
    return `Import of ${b.fileName} finished: ${b.imported} imported, ${b.duplicates} already there, ${b.errorCount} bad lines`;
  }
  return `Import of ${b.fileName} ${b.status === "rejected" ? "was refused" : "failed"}: ${b.message ?? "no reason given"}`;
}

/** In the transaction that finishes the batch (Prisma's). */
export async function notifyImportOutcome(
  tx: Prisma.TransactionClient,
  after: AfterCommit,
  b: ImportOutcome,
): Promise<void> {
  if (b.startedById === null) return;
  await notify(tx, after, { actorId: null, importBatchId: b.id }, [
    {
      userId: b.startedById,
      kind: b.status === "completed" ? "import_finished" : "import_failed",
      summary: importNoticeSummary(b),
      link: IMPORTS_PATH,
    },
  ]);
}

/**
 * The same notice for the web log import, which finishes its batch with pg (the COPY path):
 * appended to the statement that updates the batch as a data-modifying CTE named `b` (its
 * RETURNING gives id and started_by_id), so both happen in one statement. Its three parameters,
 * from `$first` on, are importNoticeParams(): the kind (null: tell no one), the summary, and
 * whether SMTP is configured.
 */
export function importNoticeInsertSql(first: number): string {
  return `
    INSERT INTO notifications (user_id, kind, summary, link, import_batch_id, email_state)
    SELECT u.id, $${first}::text::"NotificationKind", $${first + 1}, '${IMPORTS_PATH}', b.id,
           (CASE WHEN $${first + 2}::boolean AND u.email_notifications THEN 'pending' ELSE 'none' END)::"EmailState"
      FROM b JOIN users u ON u.id = b.started_by_id AND NOT u.disabled
     WHERE $${first}::text IS NOT NULL`;
}

/** The parameters of importNoticeInsertSql: a failure the job will retry tells no one yet. */
export function importNoticeParams(
  b: Omit<ImportOutcome, "id" | "startedById">,
): [NotificationKind | null, string, boolean] {
  if (b.status === "failed") return [null, "", false];
  return [b.status === "completed" ? "import_finished" : "import_failed", importNoticeSummary(b), emailConfigured()];
}
