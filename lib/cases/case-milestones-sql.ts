// The two moments of a case's lifecycle the dashboard measures, as SQL over its status changes
// (case_status_changes), so that the dashboard's mean times and the cases list's filters select
// exactly the same cases (docs/dashboard.md):
// - triaged: the case's first status change out of `new` (to any state: a case investigated at
//   once was triaged by that move);
// - closed: the change that closed a case that is still closed (a reopened and closed again
//   case counts by its last close).
// Each fragment is a condition on a status change row under the alias `s`. Both are correlated
// subqueries on purpose: the planner runs them once per change in the window, each a short walk
// of case_status_changes_case_id_changed_at_idx (a case has a handful of changes), instead of
// hashing every case's history.
import { Prisma } from "../generated/prisma/client";

/** `s` is the first move of its case out of `new`. */
export const TRIAGE_CHANGE = Prisma.sql`s.from_status = 'new' AND s.id = (
  SELECT e.id FROM case_status_changes e
   WHERE e.case_id = s.case_id AND e.from_status = 'new'
   ORDER BY e.changed_at, e.id LIMIT 1)`;

/**
 * `s` closed its case and is the case's latest status change, so the case is closed now: every
 * status a case enters is a status change (docs/cases.md), the latest one is its status.
 */
export const CLOSING_CHANGE = Prisma.sql`s.to_status = 'closed' AND s.id = (
  SELECT e.id FROM case_status_changes e
   WHERE e.case_id = s.case_id
   ORDER BY e.changed_at DESC, e.id DESC LIMIT 1)`;

/** When the case opened: its first status change (openCase writes it with the case). */
export const OPENED_AT = Prisma.sql`(SELECT min(o.changed_at) FROM case_status_changes o WHERE o.case_id = s.case_id)`;
