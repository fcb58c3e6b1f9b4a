// A case's severity uses the alerts' AlertSeverity values, so that a case opened from alerts
// starts with the highest of theirs and the two compare directly.
export const CASE_SEVERITIES = ["High", "Medium", "Low", "Informational"] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/** Higher is more severe; values outside the four rank lowest. */
export function severityRank(severity: string | null | undefined): number {
  const i = CASE_SEVERITIES.findIndex((s) => s.toLowerCase() === severity?.toLowerCase());
  return i === -1 ? 0 : CASE_SEVERITIES.length - i;
}

/** The alert severity as a case severity: one of the four (any case), or null. */
export function toCaseSeverity(severity: string | null | undefined): CaseSeverity | null {
  return CASE_SEVERITIES.find((s) => s.toLowerCase() === severity?.trim().toLowerCase()) ?? null;
}
