// @ts-check
import { unsetBlankEnv } from "./lib/unset-blank-env.js";

// Next.js configuration. Loaded first by `next start` and `next build`, after Next has read any
// .env file: blank variables are removed here, before next-auth can read them (see the module).
unsetBlankEnv();

// Pages get a per-request nonce-based Content-Security-Policy from proxy.ts (Next's App Router
// needs inline bootstrap scripts, which a static policy could only allow with 'unsafe-inline');
// every other response gets the static headers below.

/**
 * Fallback policy for everything proxy.ts does not cover (route handlers, errors, assets): no
 * script may run at all. Pages never keep it: proxy.ts sets their header, which replaces it.
 */
const lockedDownCsp = ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"].join(
  "; ",
);

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Node-only packages (native sockets, streams) loaded with require() instead of bundled.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "pg-copy-streams", "stream-json", "csv-parse"],
  typedRoutes: false,
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: lockedDownCsp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Case and alert URLs can name hosts and attackers: never leak them to other sites.
          // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on POSTs,
          // and Next refuses every server action whose Origin does not match the host.
          { key: "Referrer-Policy", value: "same-origin" },
          // Older browsers that ignore CSP frame-ancestors.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
