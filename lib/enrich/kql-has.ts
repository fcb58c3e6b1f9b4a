// KQL's `has` / `has_any` term matching and `split(csUriStem, "/")[-1]`/`[-2]`, as the Sentinel
// hunting queries use them (domain.md, "Web shell command alert enrichment", step 5).
//
// KQL indexes a string as maximal runs of letters and digits ("terms"); `has` matches the needle
// only where its alphanumeric ends sit on term boundaries. Our needles are ".ext": the leading
// dot is itself a boundary, so the rule that matters is the trailing one — the extension must not
// be followed by a letter or digit (`/a.aspx` and `/a.aspx/b` match, `/a.aspxx` does not, and
// `/a.jsp` does not match `.js`).

/** The script extensions of both Sentinel queries, in their order (`.js` included). */
export const SCRIPT_EXTENSIONS = [".php", ".jsp", ".js", ".aspx", ".asmx", ".asax", ".cfm", ".shtml"] as const;

// Letters and decimal digits of any script, like .NET's char.IsLetterOrDigit (Kusto runs on .NET).
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function isLetterOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && LETTER_OR_DIGIT.test(ch);
}

/** The code point that starts at `i` (a whole surrogate pair when there is one). */
function codePointAt(s: string, i: number): string | undefined {
  const cp = s.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

/** The code point that ends just before `i`. */
function codePointBefore(s: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(i - 2, i);
  }
  return s[i - 1];
}

// Case-insensitive for ASCII letters only. Length-preserving (String#toLowerCase is not: "İ"
// becomes two code units), so indexes found in the folded string are valid in the original. The
// needles are ASCII; KQL's ordinal-ignore-case also folds a few exotic characters onto ASCII
// letters ("ı" → "I", "ſ" → "S"), which we do not reproduce.
function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function hasTerm(folded: string, original: string, term: string): boolean {
  if (term.length === 0) return false;
  const needle = foldAscii(term);
  const checkBefore = isLetterOrDigit(codePointAt(needle, 0));
  const checkAfter = isLetterOrDigit(codePointBefore(needle, needle.length));
  for (let i = folded.indexOf(needle); i !== -1; i = folded.indexOf(needle, i + 1)) {
    if (checkBefore && isLetterOrDigit(codePointBefore(original, i))) continue;
    if (checkAfter && isLetterOrDigit(codePointAt(original, i + needle.length))) continue;
    return true;
  }
  return false;
}

/** KQL `value has_any (terms)`: true when any term occurs as a whole term, ignoring case. */
export function hasAnyTerm(value: string, terms: readonly string[]): boolean {
  const folded = foldAscii(value);
  return terms.some((t) => hasTerm(folded, value, t));
}

/**
 * KQL `split(stem, "/")[-1]` (the file name) and `[-2]` (the folder it is in). An index past the
 * start gives null in KQL, which `tostring` turns into "": `"a.aspx"` has no `firstDir`.
 */
export function lastSegments(stem: string): { fileName: string; firstDir: string } {
  const parts = stem.split("/");
  return { fileName: parts[parts.length - 1] ?? "", firstDir: parts[parts.length - 2] ?? "" };
}
