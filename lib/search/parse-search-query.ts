// What the text typed in the search box looks like, which decides how it is searched
// (docs/search.md): an IP address or a CIDR block is containment on inet, a case number is an
// exact lookup, anything else is a fragment matched inside user agents, URIs and shell paths,
// command lines, host names and attacker labels. Pure: the text is attacker-controlled (pasted
// from a log), so nothing here touches the database; the search binds it as a parameter.
import { isIP } from "node:net";
import { z } from "zod";

/** The longest text the box accepts: a whole user agent or command line, not a file. */
export const SEARCH_MAX_LENGTH = 500;

export const searchInputSchema = z.object({
  q: z.string().max(SEARCH_MAX_LENGTH, `at most ${SEARCH_MAX_LENGTH} characters`).default(""),
});

export type SearchQuery =
  | { kind: "empty" }
  /** A fragment a trigram index cannot narrow: fewer than 3 letters or digits in a row. */
  | { kind: "too-short"; text: string }
  | { kind: "ip"; text: string; address: string }
  | { kind: "cidr"; text: string; network: string }
  | { kind: "case-number"; text: string; number: string }
  | { kind: "fragment"; text: string };

const CASE_NUMBER = /^CASE-\d{4}-\d{1,9}$/i;
// Only these characters can make an address; `isIP` alone would accept an IPv6 zone ("fe80::1%eth0"),
// which inet refuses.
const ADDRESS_CHARS = /^[0-9a-f:.]+$/i;
// pg_trgm makes trigrams of letters and digits only: a fragment needs three in a row for its
// index to narrow anything (a shorter one would read the whole index).
const TRIGRAM = /[\p{L}\p{N}]{3}/u;

function parseCidr(text: string): string | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!ADDRESS_CHARS.test(address) || !/^\d{1,3}$/.test(bits)) return null;
  const family = isIP(address);
  if (family === 0) return null;
  const prefix = Number(bits);
  if (prefix > (family === 4 ? 32 : 128)) return null;
  return `${address.toLowerCase()}/${prefix}`;
}

export function parseSearchQuery(raw: string): SearchQuery {
  const text = raw.trim();
  if (text === "") return { kind: "empty" };
  if (ADDRESS_CHARS.test(text) && isIP(text) !== 0) return { kind: "ip", text, address: text.toLowerCase() };
  const network = parseCidr(text);
  if (network) return { kind: "cidr", text, network };
  if (CASE_NUMBER.test(text)) return { kind: "case-number", text, number: text.toUpperCase() };
  if (!TRIGRAM.test(text)) return { kind: "too-short", text };
  return { kind: "fragment", text };
}

/** `%text%` for `ILIKE … ESCAPE '\'`: the fragment's own `%`, `_` and `\` match themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
