// The matched text of a search result, cut to a readable window around the match, with the
// match's place in it. The page wraps text[start, end) in <mark> as React text: the values are
// attacker-controlled (user agents, command lines) and are never parsed as markup.

export interface MatchedText {
  /** What matched, in words: "user agent", "command line", "IP", … */
  field: string;
  /** The value, or a window of it around the match. */
  text: string;
  /** The match within `text` (start === end: nothing to mark). */
  start: number;
  end: number;
  /** The window starts after the value's start, or ends before its end. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** Characters shown before the match when a value is cut. */
const LEAD = 60;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Finds `needle` in `value` case-insensitively (null: the whole value is the match, as for an IP
 * inside a CIDR) and keeps at most `max` characters around it.
 */
export function highlightMatch(field: string, value: string, needle: string | null, max = 200): MatchedText {
  let start = 0;
  let end = value.length;
  if (needle !== null) {
    // A regular expression rather than toLowerCase().indexOf: lower-casing can change a string's
    // length (İ → i̇), which would shift every index after it.
    const found = new RegExp(escapeRegExp(needle), "iu").exec(value);
    start = found ? found.index : 0;
    end = found ? found.index + found[0].length : 0;
  }
  if (value.length <= max) return { field, text: value, start, end, cutStart: false, cutEnd: false };

  let from = Math.max(0, Math.min(start - LEAD, value.length - max));
  let to = Math.min(value.length, from + Math.max(max, end - start));
  // Never cut a character in two.
  if (from > 0 && isLowSurrogate(value.charCodeAt(from))) from -= 1;
  if (to < value.length && isLowSurrogate(value.charCodeAt(to))) to += 1;
  return {
    field,
    text: value.slice(from, to),
    start: Math.max(0, start - from),
    end: Math.max(0, Math.min(end, to) - from),
    cutStart: from > 0,
    cutEnd: to < value.length,
  };
}

/** The first of `candidates` whose value contains `needle` (case-insensitively), highlighted. */
export function firstMatch(
  candidates: readonly { field: string; value: string | null | undefined }[],
  needle: string,
): MatchedText | null {
  const re = new RegExp(escapeRegExp(needle), "iu");
  for (const c of candidates) {
    if (c.value && re.test(c.value)) return highlightMatch(c.field, c.value, needle);
  }
  return null;
}
