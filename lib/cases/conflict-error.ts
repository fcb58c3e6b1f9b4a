// What an optimistic-concurrency conflict tells the person whose save lost: which field, its
// value now, and who changed the record last. The message is safe to show as is; `current` lets
// a form show the same in its own words.
import { AppError } from "../errors";
import { formatUtcTime } from "./format-utc-time";

export interface ConflictDetails {
  entity: "case" | "note" | "task";
  /** The field the losing save meant to change. */
  field: string;
  /** That field's value now, as text. */
  value: string;
  /** The record's version now: a form that reloads submits this one. */
  version: number;
  /** Who made the last change (an email, or "system"), when known. */
  changedBy: string | null;
  changedAt: string | null;
}

export class ConflictError extends AppError {
  constructor(readonly current: ConflictDetails) {
    const who = current.changedBy
      ? ` (changed by ${current.changedBy}${current.changedAt ? ` at ${formatUtcTime(current.changedAt)} UTC` : ""})`
      : "";
    super(
      "conflict",
      `Someone else changed this ${current.entity}: ${current.field} is now ${current.value}${who}. Reload to see it.`,
    );
    this.name = "ConflictError";
  }
}
