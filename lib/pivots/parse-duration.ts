// The pivots' duration syntax, one definition for the CLI flags, the case page form and stored
// runs: the notebook's window presets (30m, 1h, 5h, 7h, 1d, 3d, 7d) or any `<n>[smhd]`.

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The notebook's window choices, in its order; any other `<n>[smhd]` is accepted too. */
export const WINDOW_PRESETS = ["30m", "1h", "5h", "7h", "1d", "3d", "7d"] as const;

export const DEFAULT_WINDOW = "30m";
export const DEFAULT_LOOKBACK = "30d";

/** Longest window and lookback: beyond a year a pivot is a full scan in disguise. */
export const MAX_DURATION_MS = 365 * UNIT_MS.d;

const SYNTAX = /^([1-9][0-9]{0,5})([smhd])$/;

/**
 * Milliseconds of a duration such as "30m" or "90s". Units are lower case only ("M" could be
 * read as months). Throws an Error whose message names `name` (the flag or field) and the
 * accepted forms.
 */
export function parseDuration(value: string, name = "duration", maxMs = MAX_DURATION_MS): number {
  const m = SYNTAX.exec(value);
  if (!m) {
    throw new Error(
      `${name}: ${JSON.stringify(value)} is not a duration; use ${WINDOW_PRESETS.join(", ")} or <n>[smhd] (e.g. 90s, 45m, 2d)`,
    );
  }
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms > maxMs) throw new Error(`${name}: ${value} is longer than the maximum, ${Math.floor(maxMs / UNIT_MS.d)}d`);
  return ms;
}
