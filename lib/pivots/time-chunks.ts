// Reads of a long time range in pieces that grow away from where the answer most likely is (the
// anchor, or the range's start), so a query that needs only the first rows reads one short range.
// Why not one ORDER BY … LIMIT over the whole range: for a user agent shared by thousands of
// clients the planner cannot know how far an ordered index scan must go, and may sort every
// request of the month instead (seconds at 10M rows). Each piece is short enough that any plan
// is cheap, and the caller stops as soon as it has enough rows.

const HOUR = 3_600_000;
/** Piece ends, as distances from the starting edge: 1 h, 6 h, 1 day, 7 days, then the rest. */
const EDGES_MS = [HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR];

export interface TimeChunk {
  /** Lower bound; included when loInclusive. */
  lo: Date;
  /** Upper bound, included. */
  hi: Date;
  loInclusive: boolean;
}

/**
 * Splits [from, to] (from excluded when !fromInclusive) into consecutive, non-overlapping pieces:
 * "backward" starts at `to` and moves to `from`, "forward" starts at `from`. Together the
 * pieces cover exactly the range.
 */
export function timeChunks(from: Date, to: Date, direction: "backward" | "forward", fromInclusive = true): TimeChunk[] {
  const f = from.getTime();
  const t = to.getTime();
  if (t < f || (t === f && !fromInclusive)) return [];
  const chunks: TimeChunk[] = [];
  if (direction === "backward") {
    let hi = t;
    for (const edge of [...EDGES_MS, Infinity]) {
      const lo = Math.max(f, t - edge);
      const last = lo === f;
      // Pieces are (lo, hi]; the last one reaches `from` and includes it when asked.
      chunks.push({ lo: new Date(lo), hi: new Date(hi), loInclusive: last && fromInclusive });
      if (last) break;
      hi = lo;
    }
  } else {
    let lo = f;
    let loInclusive = fromInclusive;
    for (const edge of [...EDGES_MS, Infinity]) {
      const hi = Math.min(t, f + edge);
      chunks.push({ lo: new Date(lo), hi: new Date(hi), loInclusive });
      if (hi === t) break;
      lo = hi;
      loInclusive = false;
    }
  }
  return chunks;
}
