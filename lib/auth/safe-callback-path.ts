// Where to go after signing in: only a path on this site. Anything else (another origin,
// protocol-relative "//evil.example", "/\evil.example" which browsers read as "//", a javascript:
// URL, the login page itself) becomes "/", so the login page cannot be used as an open redirect.
const BASE = "http://shellcase.invalid";

export function safeCallbackPath(value: string | string[] | null | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || raw.length > 2048 || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  if (url.pathname === "/login" || url.pathname.startsWith("/login/") || url.pathname.startsWith("/api/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's URL for someone who wanted `path`. */
export function loginPathFor(path: string | null | undefined): string {
  const target = safeCallbackPath(path);
  return target === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(target)}`;
}
