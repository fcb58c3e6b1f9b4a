// The two moments of a case's lifecycle the dashboard measures, as SQL over its status changes
// (case_status_changes), so that the dashboard's mean times and the cases list's filters select
// exactly the same cases (docs/dashboard.md):
// - triaged: the case's first status change out of `new` (to any state: a case investigated at
//   once was triaged by that move);
// - closed: the change that closed a case that is still closed (a reopened and closed again
//   case counts by its last close).
// Each fragment is a condition on a status change row under the alias `s`.
import { Prisma } from "../generated/prisma/client";

/** `s` is the first move of its case out of `new`. case_status_changes_case_id_changed_at_idx serves the NOT EXISTS. */
export const TRIAGE_CHANGE = Prisma.sql`s.from_status = 'new' AND NOT EXISTS (
  SELECT 1 FROM case_status_changes e
   WHERE e.case_id = s.case_id AND e.from_status = 'new'
     AND (e.changed_at < s.changed_at OR (e.changed_at = s.changed_at AND e.id < s.id)))`;

/** `s` closed its case, nothing has changed the case's status since, and the case is closed. */
export const CLOSING_CHANGE = Prisma.sql`s.to_status = 'closed'
  AND EXISTS (SELECT 1 FROM cases sc WHERE sc.id = s.case_id AND sc.status = 'closed')
  AND NOT EXISTS (
  SELECT 1 FROM case_status_changes e
   WHERE e.case_id = s.case_id
     AND (e.changed_at > s.changed_at OR (e.changed_at = s.changed_at AND e.id > s.id)))`;

/** When the case opened: its first status change (openCase writes it with the case). */
export const OPENED_AT = Prisma.sql`(SELECT min(o.changed_at) FROM case_status_changes o WHERE o.case_id = s.case_id)`;
