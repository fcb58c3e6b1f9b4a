// Runs before every page render and route handler:
// - refuses a cross-site request that would change something with the user's cookies (403;
//   lib/auth/cross-site-request.ts), pages' server actions and /api alike;
// - gives each HTML response a fresh nonce and a strict Content-Security-Policy. Next reads the
//   nonce from the request's CSP header and puts it on its own inline bootstrap scripts, so no
//   'unsafe-inline' is needed for scripts. That requires dynamic rendering, which every page here
//   uses anyway (they read the database per request). Route handlers serve JSON under
//   next.config.js's locked-down policy instead.
//
// Multipart requests to /api (uploads) are not matched: Next clones the body of every request a
// proxy runs on, up to proxyClientMaxBodySize, and truncates beyond it. The upload reader makes
// the same cross-site check itself (app/api/v1/imports/receive-upload.ts).
import { NextResponse, type NextRequest } from "next/server";
import { CROSS_SITE_MESSAGE, crossSiteRefusal } from "./lib/auth/cross-site-request";
import { PATH_HEADER } from "./lib/auth/path-header";
import { getWebEnv } from "./lib/env";
import { logger } from "./lib/logger";

function contentSecurityPolicy(nonce: string): string {
  const isDev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonced bootstrap load Next's chunks; React's dev tooling needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Stylesheets are files (Tailwind); Next nonces the few <style> tags it writes. Dev injects
    // styles without a nonce for hot reload.
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const refusal = crossSiteRefusal(request, getWebEnv().NEXTAUTH_URL);
  if (refusal) {
    logger.warn("cross-site request refused", { method: request.method, path: request.nextUrl.pathname, refusal });
    return Response.json(
      { error: { code: "forbidden", message: CROSS_SITE_MESSAGE } },
      { status: 403, headers: { "Cache-Control": "no-store" } },
    );
  }
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // Layouts are not told the URL: the signed-in area reads it from here to send someone who is
  // not signed in to /login?callbackUrl=<this page> (sanitised there: lib/auth/safe-callback-path).
  requestHeaders.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/api/:path*",
      missing: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }],
    },
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
