// What a data source (a Log Analytics workspace) accepts, validated once where it enters: the admin
// page's forms, the CLI and the lib functions. Each problem names its field. Blank text means
// "not set" (forms send "" for an empty input). The secret is write-only: it is sealed before it
// is stored (secret-box.ts) and never read back out.
import { z } from "zod";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const guid = (what: string) =>
  z
    .string({ message: `${what} is required.` })
    .trim()
    .toLowerCase()
    .regex(GUID, `${what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);

const optionalGuid = (what: string) => z.preprocess(blankToUndefined, guid(what).optional());

const httpsUrl = (what: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(2000, `${what} is longer than 2000 characters.`)
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === "https:" && !!u.hostname && !u.username && !u.password;
        } catch {
          return false;
        }
      }, `${what} must be an https:// URL (without user or password).`)
      .transform((v) => v.replace(/\/+$/, ""))
      .optional(),
  );

const optionalText = (what: string, max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `${what} is longer than ${max} characters.`).optional());

export const SOURCE_AUTH_KINDS = ["client_secret", "default_credential"] as const;
export const MIN_PULL_INTERVAL_SECONDS = 60;
export const DEFAULT_PULL_INTERVAL_SECONDS = 300;

export const sourceNameSchema = z
  .string({ message: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name is longer than 100 characters.");

/** The fields of a source, each checked on its own; sourceSchema adds the rules across fields. */
const sourceFields = z.object({
  name: sourceNameSchema,
  workspaceId: guid("Workspace id"),
  tenantId: guid("Tenant id"),
  authKind: z
    .enum(SOURCE_AUTH_KINDS, { message: "Sign-in must be client_secret or default_credential." })
    .default("client_secret"),
  clientId: optionalGuid("Client id"),
  /** Write-only; on an update, absent or empty keeps the stored secret. */
  secret: z.preprocess(
    (v) => (typeof v === "string" && v === "" ? undefined : v),
    z.string().max(1000, "The secret is longer than 1000 characters.").optional(),
  ),
  queryEndpoint: httpsUrl("Query endpoint"),
  authorityHost: httpsUrl("Authority host"),
  caCertPem: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(100_000, "The CA certificate is longer than 100,000 characters.")
      .regex(
        /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/,
        "The CA certificate must be PEM (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).",
      )
      .optional(),
  ),
  subscriptionId: optionalGuid("Subscription id"),
  resourceGroup: optionalText("Resource group", 90),
  workspaceName: optionalText("Workspace name", 63),
  incidentSync: z.boolean({ message: "Incident sync is on or off." }).default(false),
  pullIntervalSeconds: z.coerce
    .number({ message: "Pull interval must be a number of seconds." })
    .int("Pull interval must be a whole number of seconds.")
    .min(MIN_PULL_INTERVAL_SECONDS, `Pull interval must be at least ${MIN_PULL_INTERVAL_SECONDS} seconds.`)
    .max(86_400, "Pull interval is at most 86400 seconds (a day).")
    .default(DEFAULT_PULL_INTERVAL_SECONDS),
  enabled: z.boolean({ message: "Enabled is on or off." }).default(true),
  pullSince: z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" ? new Date(b.trim()) : b;
    },
    z.date({ message: "Pull since must be an ISO-8601 date or time (2026-01-31 or 2026-01-31T00:00:00Z)." }).optional(),
  ),
});

type Fields = z.output<typeof sourceFields>;

/** Rules across fields, each issue on the field the admin must change. */
function checkAcrossFields(s: Fields, ctx: z.RefinementCtx, secretRequired: boolean) {
  if (s.authKind === "client_secret") {
    if (!s.clientId)
      ctx.addIssue({ code: "custom", path: ["clientId"], message: "Client id is required for client_secret sign-in." });
    if (secretRequired && s.secret === undefined)
      ctx.addIssue({ code: "custom", path: ["secret"], message: "Secret is required for client_secret sign-in." });
  }
  const arm = [
    ["subscriptionId", s.subscriptionId],
    ["resourceGroup", s.resourceGroup],
    ["workspaceName", s.workspaceName],
  ] as const;
  const set = arm.filter(([, v]) => v !== undefined);
  if (set.length > 0 && set.length < arm.length) {
    for (const [key] of arm.filter(([, v]) => v === undefined))
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} is missing: the workspace's ARM path needs subscriptionId, resourceGroup and workspaceName, or none of them.`,
      });
  }
  if (s.incidentSync && set.length < arm.length)
    ctx.addIssue({
      code: "custom",
      path: ["incidentSync"],
      message: "Incident sync needs the workspace's ARM path (subscriptionId, resourceGroup, workspaceName).",
    });
}

export const createSourceSchema = sourceFields.superRefine((s, ctx) => checkAcrossFields(s, ctx, true));
export type CreateSourceInput = z.input<typeof createSourceSchema>;
export type SourceFields = z.output<typeof createSourceSchema>;

/**
 * An update replaces every field (the edit form sends them all) except the secret: absent or empty
 * keeps the stored one. Whether a client_secret source then has a secret is checked against the row.
 */
export const updateSourceSchema = sourceFields.superRefine((s, ctx) => checkAcrossFields(s, ctx, false));
export type UpdateSourceInput = z.input<typeof updateSourceSchema>;

export const sourceIdSchema = z.coerce
  .number({ message: "Unknown data source." })
  .int("Unknown data source.")
  .positive("Unknown data source.")
  .max(2_147_483_647, "Unknown data source.");
