// The case lifecycle as a pure state machine: which status may follow which, and what closing
// needs. changeCaseStatus (lib/cases/change-case-status.ts) enforces it; the case page asks it
// which buttons to show. docs/cases.md explains the choices.
//
//   new → triage → investigating → contained → closed
//
// - Forward: any later status, skips included. A SOC often starts investigating a confirmed
//   web shell alert at once (new → investigating), and a false positive is closed from triage.
// - Backward: one step (investigating → triage, contained → investigating, triage → new), to undo
//   a premature move without pretending the case went through states it did not.
// - Reopen: closed → investigating (the usual reason is new evidence on a case already worked) or
//   closed → triage (a closed case whose conclusion is doubted and must be looked at again).
//   Reopening clears the classification and conclusion (the audit entry keeps them): closing
//   again needs a conclusion written for what is known then.
import { AppError } from "../errors";
import { CaseClassification, CaseStatus } from "../generated/prisma/enums";

export const CASE_STATUSES = [
  CaseStatus.new,
  CaseStatus.triage,
  CaseStatus.investigating,
  CaseStatus.contained,
  CaseStatus.closed,
] as const;

export const CASE_CLASSIFICATIONS = [
  CaseClassification.true_positive,
  CaseClassification.benign_positive,
  CaseClassification.false_positive,
  CaseClassification.undetermined,
] as const;

export const REOPEN_TARGETS: readonly CaseStatus[] = [CaseStatus.investigating, CaseStatus.triage];

const rank = (s: CaseStatus) => CASE_STATUSES.indexOf(s);

/** The statuses a case in `from` may move to, in lifecycle order. */
export function allowedTransitions(from: CaseStatus): CaseStatus[] {
  if (from === CaseStatus.closed) return CASE_STATUSES.filter((s) => REOPEN_TARGETS.includes(s));
  return CASE_STATUSES.filter((to) => rank(to) > rank(from) || rank(to) === rank(from) - 1);
}

export function isReopen(from: CaseStatus, to: CaseStatus): boolean {
  return from === CaseStatus.closed && to !== CaseStatus.closed;
}

export interface ClosingInput {
  classification?: CaseClassification | null;
  conclusion?: string | null;
}

/**
 * Throws AppError bad_request when `from → to` is not a move the lifecycle allows, or when
 * closing lacks a classification or a written conclusion (the message names the missing field).
 */
export function checkTransition(from: CaseStatus, to: CaseStatus, closing: ClosingInput = {}): void {
  if (from === to) throw new AppError("bad_request", `status: the case is already ${to}.`);
  if (!allowedTransitions(from).includes(to)) {
    const allowed = allowedTransitions(from).join(", ");
    throw new AppError("bad_request", `status: a ${from} case cannot move to ${to} (allowed: ${allowed}).`);
  }
  if (to === CaseStatus.closed) {
    if (!closing.classification) {
      throw new AppError("bad_request", "classification: choose a classification to close the case.");
    }
    if (!closing.conclusion?.trim()) {
      throw new AppError("bad_request", "conclusion: write the conclusion to close the case.");
    }
  }
}
