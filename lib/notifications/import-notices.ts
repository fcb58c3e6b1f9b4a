// "Your import finished" (or was refused, or failed for good) for whoever started it. A retried
// failure tells no one until the last attempt: the job may yet succeed.
import type { Prisma } from "../generated/prisma/client";
import type { AfterCommit } from "../transact";
import { notify, emailStateFor } from "./notify";

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
 * RETURNING gives id, file_name, status, imported, duplicates, error_count, message,
 * started_by_id), so both happen in one statement. `$emailParam` is a boolean parameter: whether
 * SMTP is configured (emailConfigured()). Returns id, "userId", "emailState" per notice.
 */
export function importNoticeInsertSql(emailParam: number): string {
  return `
    INSERT INTO notifications (user_id, kind, summary, link, import_batch_id, email_state)
    SELECT u.id,
           (CASE WHEN b.status = 'completed' THEN 'import_finished' ELSE 'import_failed' END)::"NotificationKind",
           left(CASE b.status
                  WHEN 'completed' THEN format('Import of %s finished: %s imported, %s already there, %s bad lines',
                                               b.file_name, b.imported, b.duplicates, b.error_count)
                  ELSE format('Import of %s was refused: %s', b.file_name, coalesce(b.message, 'no reason given'))
                END, 500),
           '${IMPORTS_PATH}', b.id,
           (CASE WHEN $${emailParam}::boolean AND u.email_notifications THEN 'pending' ELSE 'none' END)::"EmailState"
      FROM b JOIN users u ON u.id = b.started_by_id AND NOT u.disabled
     WHERE b.status IN ('completed', 'rejected')
    RETURNING id, user_id AS "userId", email_state::text AS "emailState"`;
}

/** Whether notices made now are to be emailed (SMTP configured), for importNoticeInsertSql. */
export const emailConfiguredNow = () => emailStateFor({ emailNotifications: true }) === "pending";
