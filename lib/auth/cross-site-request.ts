// Refuses a cross-site request that would change something with the signed-in user's cookies
// (cross-site request forgery). SameSite=Lax cookies already keep them off a cross-site POST in
// current browsers; this check does not rely on that (older browsers, a sibling subdomain, a
// cookie set with other attributes) nor on each route remembering to check.
//
// A request is refused when its method changes state (POST, PUT, PATCH, DELETE), it carries a
// cookie, and the browser says it comes from another site: `Sec-Fetch-Site: cross-site`, or an
// `Origin` that is not this app's. The app's origin is NEXTAUTH_URL's when set, else the request's
// own Host. Requests without cookies (API tokens) have nothing to forge and pass; so do
// same-origin ones, next-auth's own sign-in and sign-out POSTs among them.
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RequestFacts {
  method: string;
  headers: Headers;
}

/** Null when the request may proceed, else why it is refused (for the log). */
export function crossSiteRefusal(request: RequestFacts, appUrl: string | undefined): string | null {
  if (!MUTATING.has(request.method.toUpperCase())) return null;
  const headers = request.headers;
  if (!headers.get("cookie")) return null;
  if (headers.get("sec-fetch-site")?.toLowerCase() === "cross-site") return "Sec-Fetch-Site: cross-site";
  const origin = headers.get("origin");
  if (origin === null) return null;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return `Origin ${origin.slice(0, 100)} is not a URL`;
  }
  if (appUrl)
    return from.origin === new URL(appUrl).origin ? null : `Origin ${from.origin} is not ${new URL(appUrl).origin}`;
  const host = headers.get("host");
  return host && from.host === host.toLowerCase() ? null : `Origin ${from.origin} is not this host (${host})`;
}

export const CROSS_SITE_MESSAGE = "Cross-site request refused: send it from Shellcase itself.";
