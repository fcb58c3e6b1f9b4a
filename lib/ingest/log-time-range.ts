// The range of request times an import accepts. Each month a line names becomes a partition of
// web_requests, so a forged or corrupt "9999-12-31" (or "0001-01-01") would create tables nobody
// asked for; such lines are reported as line errors instead. The parsers compare the epoch they
// already computed with these two numbers, so the check costs nothing on good lines.

/**
 * 1995-01-01T00:00:00Z: before IIS and the W3C extended log format existed. Not 2000: real IIS
 * logs from 1996 exist (the shared sample brianary_ex960101.log is one).
 */
export const MIN_LOG_TIME = Date.UTC(1995, 0, 1);
const DAY_MS = 86_400_000;

/** The latest time accepted: now plus a day, for clocks ahead and time zones. */
export function maxLogTime(now: number = Date.now()): number {
  return now + DAY_MS;
}

/** The line error for a time outside [MIN_LOG_TIME, max] (to the second near the upper bound). */
export function outOfRangeReason(time: number, max: number): string {
  const shown = time > max && day(time) === day(max) ? stamp(time) : day(time);
  return `date ${shown} is outside ${day(MIN_LOG_TIME)} … ${stamp(max)}`;
}

/** The first and last months ("YYYY-MM") accepted, for the month scan. */
export function monthRange(max: number): { first: string; last: string } {
  return { first: day(MIN_LOG_TIME).slice(0, 7), last: day(max).slice(0, 7) };
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function stamp(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
