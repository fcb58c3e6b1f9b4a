// Logs on demand for a pivot: from every enabled workspace, the attacker's requests the four
// answers read (first access, files before, timeline, elsewhere), and the first access counted
// there (lib/sentinel/evidence). Called once before the four queries run.
import { ensureEvidence } from "../sentinel/evidence/ensure-evidence";
import { DEFAULT_LOOKBACK, parseDuration } from "./parse-duration";
import { TIMELINE_AFTER_MS } from "./find-attacker-timeline";
import type { PivotParams } from "./pivot-params";

/**
 * Requests of one attacker fetched from a workspace for a pivot, at most: a real attacker's IP
 * has far fewer in a lookback; a user agent every browser shares is capped here, and the
 * coverage says so.
 */
export const PIVOT_FETCH_LIMIT = 50_000;

/** From enabled workspaces: the attacker's requests the four answers read, and the first access counted there. */
export async function fetchPivotEvidence(p: PivotParams): Promise<void> {
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

/**
 * From enabled workspaces: an attacker's requests on every host over the default lookback before
 * `anchor` (and the timeline's span after it), the range the attacker profile's first and last
 * seen are read from (lib/attackers/upsert-case-attackers.ts). Enrichment calls it for each
 * attacker of a confident finding, before its transaction; the default pivot then finds that
 * range already fetched.
 */
export async function fetchAttackerHistory(
  who: { ip: string | null; userAgent: string | null },
  anchor: Date,
): Promise<void> {
  if (!who.ip && !who.userAgent) return;
  await ensureEvidence({
    kind: "attacker",
    ...(who.ip ? { ip: who.ip } : {}),
    ...(who.userAgent ? { userAgent: who.userAgent } : {}),
    from: new Date(anchor.getTime() - parseDuration(DEFAULT_LOOKBACK, "lookback")),
    to: new Date(anchor.getTime() + TIMELINE_AFTER_MS),
    limit: PIVOT_FETCH_LIMIT,
  });
}
