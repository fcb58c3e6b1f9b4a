// One pivot, in-process: the four answers for one set of parameters. The CLI calls it directly;
// the worker calls it through runPivotRun (a stored pivot_runs row).
import type { PivotRow } from "./attacker-condition";
import { findAttackerElsewhere } from "./find-attacker-elsewhere";
import { findAttackerTimeline } from "./find-attacker-timeline";
import { findFilesBefore } from "./find-files-before";
import { findFirstAccess } from "./find-first-access";
import type { PivotParams } from "./pivot-params";
import { ensureEvidence } from "../sentinel/evidence/ensure-evidence";
import { parseDuration } from "./parse-duration";
import { TIMELINE_AFTER_MS } from "./find-attacker-timeline";
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

/**
 * Requests of one attacker fetched from a workspace for a pivot, at most: a real attacker's IP
 * has far fewer in a lookback; a user agent every browser shares is capped here, and the
 * coverage says so.
 */
export const PIVOT_FETCH_LIMIT = 50_000;

/** From enabled workspaces: the attacker's requests the four answers read, and the first access counted there. */
async function fetchPivotEvidence(p: PivotParams): Promise<void> {
  const anchor = new Date(p.anchor);
  const lookbackStart = new Date(anchor.getTime() - parseDuration(p.lookback, "lookback"));
  const windowStart = new Date(anchor.getTime() - parseDuration(p.window, "window"));
  const from = windowStart < lookbackStart ? windowStart : lookbackStart;
  const who = { ip: p.ip, userAgent: p.userAgent };
  await ensureEvidence({ kind: "first-access", host: p.host, site: p.site, ...who, from: lookbackStart, to: anchor });
  await ensureEvidence({
    kind: "attacker",
    ...who,
    from,
    to: new Date(anchor.getTime() + TIMELINE_AFTER_MS),
    limit: PIVOT_FETCH_LIMIT,
  });
}

export async function runPivot(p: PivotParams): Promise<PivotResult> {
  await fetchPivotEvidence(p);
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
