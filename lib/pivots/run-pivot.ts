// One pivot, in-process: the four answers for one set of parameters. The CLI calls it directly;
// the worker calls it through runPivotRun (a stored pivot_runs row).
import type { PivotRow } from "./attacker-condition";
import { findAttackerElsewhere } from "./find-attacker-elsewhere";
import { findAttackerTimeline } from "./find-attacker-timeline";
import { findFilesBefore } from "./find-files-before";
import { findFirstAccess } from "./find-first-access";
import type { PivotParams } from "./pivot-params";
import { fetchPivotEvidence } from "./fetch-pivot-evidence";
import type { PivotRequest, PivotResult } from "./pivot-result";

export function toPivotRequest(r: PivotRow): PivotRequest {
  return {
    time: r.time.toISOString(),
    uri: r.uriStem,
    ip: r.ip,
    userAgent: r.userAgent,
    method: r.method,
    status: r.status,
  };
}

/** `onEvidence`: the evidence is at hand (fetched from a workspace, if any); the queries start. */
export async function runPivot(p: PivotParams, onEvidence?: () => void): Promise<PivotResult> {
  await fetchPivotEvidence(p);
  onEvidence?.();
  const [filesBefore, firstAccess, timeline, elsewhere] = await Promise.all([
    findFilesBefore(p),
    findFirstAccess(p),
    findAttackerTimeline(p),
    findAttackerElsewhere(p),
  ]);
  return {
    firstAccess,
    filesBefore: filesBefore.rows.map(toPivotRequest),
    filesBeforeTruncated: filesBefore.truncated,
    timeline,
    elsewhere,
  };
}
