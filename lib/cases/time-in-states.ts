// Age of a case and the time it spent in each status, from its status changes (every status it
// entered, with when). Pure: the case page passes `now`.
import type { CaseStatus } from "../generated/prisma/enums";

export interface StatusEntry {
  toStatus: CaseStatus;
  changedAt: Date;
}

export interface TimeInStates {
  /** From the first status change (the case's creation) to now, or to its close. */
  ageMs: number;
  /** Total time per status, summed over every stay, the current one counted up to now. */
  byStatus: Partial<Record<CaseStatus, number>>;
  /** Each stay in order: a reopened case enters a status more than once. */
  stays: { status: CaseStatus; from: Date; to: Date | null; ms: number }[];
}

export function timeInStates(changes: StatusEntry[], now: Date, closedAt: Date | null = null): TimeInStates {
  const ordered = [...changes].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
  const stays: TimeInStates["stays"] = [];
  const byStatus: TimeInStates["byStatus"] = {};
  ordered.forEach((c, i) => {
    const next = ordered[i + 1];
    const end = next ? next.changedAt : now;
    // Clock skew between writers must not make a negative stay.
    const ms = Math.max(0, end.getTime() - c.changedAt.getTime());
    stays.push({ status: c.toStatus, from: c.changedAt, to: next ? next.changedAt : null, ms });
    byStatus[c.toStatus] = (byStatus[c.toStatus] ?? 0) + ms;
  });
  const first = ordered[0]?.changedAt;
  const current = ordered.at(-1);
  // A closed case stops ageing when it closed; its time "in closed" still counts up.
  const ageEnd = current?.toStatus === "closed" ? (closedAt ?? current.changedAt) : now;
  return { ageMs: first ? Math.max(0, ageEnd.getTime() - first.getTime()) : 0, byStatus, stays };
}
