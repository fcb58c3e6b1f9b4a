// What a pivot asks, validated once wherever it enters (CLI flags, the case page's form, a stored
// pivot_runs row read back by the worker). The parsed value is what pivot_runs.params stores.
import { z } from "zod";
import { DEFAULT_LOOKBACK, DEFAULT_WINDOW, parseDuration } from "./parse-duration";
import { normaliseUserAgent } from "./normalise-user-agent";

const duration = (fallback: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      try {
        parseDuration(value);
      } catch (err) {
        // parseDuration names "duration"; the issue's path names the field instead.
        ctx.addIssue({ code: "custom", message: (err as Error).message.replace(/^duration: /, "") });
      }
    })
    .default(fallback);

export const pivotParamsSchema = z
  .object({
    /** IIS host as logged (s-computername, or the host given at import), e.g. WEB01. Exact. */
    host: z.string().trim().min(1, "host is required").max(255),
    /** IIS site as logged (s-sitename), e.g. W3SVC1. Every server has a W3SVC1: scope is host and site. */
    site: z.string().trim().min(1, "site is required").max(255),
    ip: z.union([z.ipv4(), z.ipv6()], { error: "not an IPv4 or IPv6 address" }).optional(),
    /** As logged ("+" for spaces) or with spaces: stored and queried in the logged form. */
    userAgent: z.string().min(1).max(8192).transform(normaliseUserAgent).optional(),
    /** The first access to the shell; ISO-8601 with Z or an offset (IIS logs UTC). */
    anchor: z.iso
      .datetime({ offset: true, error: "not an ISO-8601 time with a zone (e.g. 2024-05-14T10:07:31Z)" })
      .transform((v) => new Date(v).toISOString()),
    window: duration(DEFAULT_WINDOW),
    lookback: duration(DEFAULT_LOOKBACK),
    /** false: script resources only (the notebook's extension list); true: every request. */
    allRequests: z.boolean().default(false),
  })
  .refine((p) => p.ip !== undefined || p.userAgent !== undefined, {
    message: "give the attacker's IP, user agent, or both",
    path: ["ip"],
  });

export type PivotParams = z.output<typeof pivotParamsSchema>;
export type PivotParamsInput = z.input<typeof pivotParamsSchema>;

/** How the attacker is matched, in words: for tables and logs. */
export function describeCriterion(p: Pick<PivotParams, "ip" | "userAgent">): "ip" | "userAgent" | "both" {
  return p.ip !== undefined && p.userAgent !== undefined ? "both" : p.ip !== undefined ? "ip" : "userAgent";
}
