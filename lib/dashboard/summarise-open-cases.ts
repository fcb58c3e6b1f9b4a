// Folds the open-case groups (one row per status and owner, counted in SQL) into the dashboard's
// case figures. Pure: the rows are at most five statuses times the number of owners.
import { CASE_STATUSES } from "../cases/case-lifecycle";
import type { CaseStatus } from "../generated/prisma/enums";

export type OpenStatus = Exclude<CaseStatus, "closed">;

/** Every status but closed, in lifecycle order. */
export const OPEN_STATUSES = CASE_STATUSES.filter((s): s is OpenStatus => s !== "closed");

export interface OpenCaseGroup {
  status: OpenStatus;
  ownerId: number | null;
  ownerName: string | null;
  ownerEmail: string | null;
  count: number;
}

export interface OwnerCount {
  /** Null: unassigned. */
  ownerId: number | null;
  name: string | null;
  email: string | null;
  count: number;
}

export interface OpenCaseFigures {
  /** Open cases (not closed) in all. */
  open: number;
  /** Open cases the actor owns. */
  mine: number;
  /** Open cases with no owner. */
  unassigned: number;
  /** Every open status in lifecycle order, zero included. */
  byStatus: { status: OpenStatus; count: number }[];
  /** Owners with open cases, most first (then by name); unassigned is one entry when there are any. */
  byOwner: OwnerCount[];
}

export function summariseOpenCases(groups: OpenCaseGroup[], actorId: number): OpenCaseFigures {
  const byStatus = new Map<OpenStatus, number>(OPEN_STATUSES.map((s) => [s, 0]));
  const owners = new Map<number | null, OwnerCount>();
  let open = 0;
  for (const g of groups) {
    open += g.count;
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.count);
    const o = owners.get(g.ownerId) ?? { ownerId: g.ownerId, name: g.ownerName, email: g.ownerEmail, count: 0 };
    o.count += g.count;
    owners.set(g.ownerId, o);
  }
  return {
    open,
    mine: owners.get(actorId)?.count ?? 0,
    unassigned: owners.get(null)?.count ?? 0,
    byStatus: OPEN_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    byOwner: [...owners.values()].sort(
      (a, b) =>
        b.count - a.count ||
        // Unassigned last among equals; then by name, then id, for a stable order.
        Number(a.ownerId === null) - Number(b.ownerId === null) ||
        (a.name ?? "").localeCompare(b.name ?? "") ||
        (a.ownerId ?? 0) - (b.ownerId ?? 0),
    ),
  };
}
