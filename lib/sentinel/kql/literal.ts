// KQL literals for values that come from data or a user (host names, IPs, user agents, URIs,
// alert ids, times). Every such value enters a query only through `let` statements built here
// (./template.ts), never spliced into query text. Strings of printable ASCII become "…" with
// `\` and `"` escaped; anything else (newlines, control characters, non-ASCII) becomes
// base64_decode_tostring("…"), whose argument can only hold [A-Za-z0-9+/=]: no character of the
// value can end the literal, start a comment or a new statement, whatever the value holds.
// parseLiteral is the inverse, used by the local workspace (scripts/fake-workspace) and tests.

export type KqlValue = string | number | boolean | Date | null | KqlValue[];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function kqlString(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return `base64_decode_tostring("${Buffer.from(s, "utf8").toString("base64")}")`;
}

export function kqlDatetime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError("KQL datetime: invalid date");
  // 7 fractional digits, as Log Analytics writes them; a Date has milliseconds.
  return `datetime(${d.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z")})`;
}

export function kqlLiteral(v: KqlValue): string {
  if (v === null) return `""`; // KQL strings are never null: absent is empty
  if (typeof v === "string") return kqlString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new TypeError(`KQL literal: ${v} is not a safe integer`);
    return `long(${v})`;
  }
  if (v instanceof Date) return kqlDatetime(v);
  if (Array.isArray(v)) {
    // pack_array keeps each element a literal of its own (a dynamic([...]) literal would need
    // JSON escaping inside KQL escaping). An empty list is an empty dynamic array.
    return v.length ? `pack_array(${v.map(kqlLiteral).join(", ")})` : "dynamic([])";
  }
  throw new TypeError(`KQL literal: unsupported value ${String(v)}`);
}

/** Parses one literal as kqlLiteral writes it; throws on anything else. Returns [value, rest]. */
export function parseLiteral(text: string): [KqlValue, string] {
  const s = text.trimStart();
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^"((?:[^"\\]|\\[\\"])*)"/))) return [m[1]!.replace(/\\([\\"])/g, "$1"), s.slice(m[0].length)];
  if ((m = s.match(/^base64_decode_tostring\("([A-Za-z0-9+/=]*)"\)/)))
    return [Buffer.from(m[1]!, "base64").toString("utf8"), s.slice(m[0].length)];
  if ((m = s.match(/^datetime\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})0000Z\)/)))
    return [new Date(`${m[1]}Z`), s.slice(m[0].length)];
  if ((m = s.match(/^long\((-?\d+)\)/))) return [Number(m[1]), s.slice(m[0].length)];
  if ((m = s.match(/^(true|false)\b/))) return [m[1] === "true", s.slice(m[0].length)];
  if ((m = s.match(/^dynamic\(\[\]\)/))) return [[], s.slice(m[0].length)];
  if (s.startsWith("pack_array(")) {
    const out: KqlValue[] = [];
    let rest = s.slice("pack_array(".length);
    for (;;) {
      const [v, r] = parseLiteral(rest);
      out.push(v);
      rest = r.trimStart();
      if (rest.startsWith(",")) rest = rest.slice(1);
      else if (rest.startsWith(")")) return [out, rest.slice(1)];
      else throw new SyntaxError(`KQL literal: expected , or ) in pack_array at ${JSON.stringify(rest.slice(0, 20))}`);
    }
  }
  throw new SyntaxError(`KQL literal: cannot parse ${JSON.stringify(s.slice(0, 40))}`);
}
