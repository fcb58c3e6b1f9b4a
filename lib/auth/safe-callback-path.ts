// Where to go after signing in: only a path on this site. Anything else (another origin,
// protocol-relative "//evil.example", "/\evil.example" which browsers read as "//", a javascript:
// URL, the login page itself) becomes "/", so the login page cannot be used as an open redirect.
//
// The checks run on the path as a browser will resolve it, not on the raw string: "/.//x",
// "/%2e//x" and "/a/..//x" all normalise to "//x", which is another site. A percent-encoded path
// is also decoded (a few rounds, for double encoding) and must stay a plain path on this site
// after each, since a proxy or the app may decode it again before it reaches a Location header.
const BASE = "http://shellcase.invalid";
const MAX_DECODE_ROUNDS = 3;

/** The normalised path + query + fragment, or null when it would leave this site. */
function sameSitePath(raw: string): string | null {
  if (!raw.startsWith("/") || raw.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments are resolved now: "/.//x" has become "//x".
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  return path;
}

function isLoginOrApi(pathname: string): boolean {
  const p = pathname.toLowerCase();
  return p === "/login" || p.startsWith("/login/") || p.startsWith("/api/");
}

export function safeCallbackPath(value: string | string[] | null | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || raw.length > 2048) return "/";
  const path = sameSitePath(raw);
  if (!path) return "/";

  // Every decoding of the path must also be a same-site path that is not the login page or the API.
  let decoded = path.split(/[?#]/, 1)[0]!;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const checked = sameSitePath(decoded);
    if (!checked || isLoginOrApi(new URL(checked, BASE).pathname)) return "/";
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return "/";
    }
    if (next === decoded) break;
    decoded = next;
  }
  return path;
}

/** The login page's URL for someone who wanted `path`. */
export function loginPathFor(path: string | null | undefined): string {
  const target = safeCallbackPath(path);
  return target === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(target)}`;
}
