// 404 probing: scanners and attackers looking for upload pages and leftovers fire many requests
// that miss. Rule: a 404 belongs to a burst when it and at least BURST_MIN_404 − 1 other 404s of
// the same timeline fall within BURST_SPAN_MS (last − first ≤ 60 s, both ends included); windows
// that share a request merge into one burst. Other statuses between them neither count nor break
// a burst.

export const BURST_MIN_404 = 5;
export const BURST_SPAN_MS = 60_000;

export interface ProbeBurst {
  /** Index of the burst, from 0, in time order. */
  index: number;
  start: number;
  end: number;
  /** 404s in the burst. */
  count: number;
}

/**
 * `rows` in ascending time (ms). Returns the bursts and, per row, the index of its burst (null
 * when the row is not a 404 of a burst).
 */
export function markProbeBursts(
  rows: readonly { time: number; status: number | null }[],
  minCount = BURST_MIN_404,
  spanMs = BURST_SPAN_MS,
): { bursts: ProbeBurst[]; burstOf: (number | null)[] } {
  const misses = rows.flatMap((r, i) => (r.status === 404 ? [i] : []));
  const burstOf: (number | null)[] = rows.map(() => null);
  const bursts: ProbeBurst[] = [];
  let current: ProbeBurst | null = null;
  /** Position in `misses` of the last 404 of the current burst. */
  let currentLast = -1;
  let lo = 0;
  for (let hi = 0; hi < misses.length; hi++) {
    const t = rows[misses[hi]!]!.time;
    while (t - rows[misses[lo]!]!.time > spanMs) lo++;
    if (hi - lo + 1 < minCount) continue;
    // misses[lo..hi] is a qualifying window: extend the current burst if they share a 404.
    if (!current || lo > currentLast) {
      current = { index: bursts.length, start: rows[misses[lo]!]!.time, end: t, count: 0 };
      bursts.push(current);
    }
    for (let k = Math.max(lo, currentLast + 1); k <= hi; k++) {
      burstOf[misses[k]!] = current.index;
      current.count++;
    }
    current.end = t;
    currentLast = hi;
  }
  return { bursts, burstOf };
}
