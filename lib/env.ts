// The one place that reads process.env. App, workers, CLI and tests call getEnv(); a missing or
// malformed variable stops start-up with a message naming it. Variables only the web app needs
// (sign-in) are a second schema, checked by getWebEnv() where the web app starts
// (instrumentation.ts) and by the auth configuration: the worker and the CLI run without them.
// An empty or blank value means unset for every variable (`.env.example` ships empty ones, compose
// passes `${VAR:-}` as ""): parsing drops them first, as next.config.js does for process.env.
import { z } from "zod";

const envSchema = z.object({
  /** The app's connection: a login role in shellcase_app, which may only read and append the audit log. */
  DATABASE_URL: z
    .string({ message: "DATABASE_URL is required (e.g. postgresql://shellcase_app_login@127.0.0.1:5432/shellcase)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  /** The owner's connection for `npm run db:migrate`; unset: DATABASE_URL migrates (unprotected audit log). */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "MIGRATION_DATABASE_URL must be a postgresql:// URL")
    .optional(),
  /** Longest a query may run before Postgres cancels it, in ms; 0: no limit. Web log imports (COPY) are exempt. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce
    .number({ message: "DB_STATEMENT_TIMEOUT_MS must be a number of milliseconds" })
    .int()
    .min(0)
    .default(60_000),
  /** Longest a new database connection may take, in ms, before the query that needed it fails. */
  DB_CONNECT_TIMEOUT_MS: z.coerce
    .number({ message: "DB_CONNECT_TIMEOUT_MS must be a number of milliseconds" })
    .int()
    .positive()
    .default(10_000),
  REDIS_URL: z
    .string({ message: "REDIS_URL is required (e.g. redis://127.0.0.1:6379/0)" })
    .regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// URL; the path selects the db index (redis://host:6379/2)"),
  /** Prefix for every BullMQ key, so that several deployments or test runs share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "QUEUE_PREFIX: letters, digits, - and _ only")
    .default("shellcase"),
  /** Where uploaded files wait for the import worker; web and worker must both see it. */
  UPLOAD_DIR: z.string().min(1).default("./data/uploads"),
  /** Largest file the Imports page accepts, in MiB. */
  UPLOAD_MAX_MB: z.coerce.number().int().positive().default(2048),
  /** Import worker concurrency (files imported at once). */
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Enrichment worker concurrency (alerts enriched at once). */
  ENRICH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Largest decompressed size of one gzip file, in MiB; beyond it the file is refused as a possible gzip bomb. */
  IMPORT_MAX_DECOMPRESSED_MB: z.coerce.number().int().positive().default(20480),
  /** Most new monthly partitions one web log file may create (each month its lines name). */
  IMPORT_MAX_NEW_PARTITIONS: z.coerce.number().int().positive().default(36),
  /** Seconds between runs of the reconciler that re-queues alerts left without an enrichment job. */
  RECONCILE_INTERVAL_S: z.coerce.number().int().min(1).max(86_400).default(60),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Queues this worker process serves (comma-separated imports,enrichment,pivots,incidents,sentinel,email); `--queues` overrides. */
  WORKER_QUEUES: z.string().default("imports,enrichment,pivots,incidents,sentinel,email"),
  /** Seconds a stopping worker lets its current jobs finish before handing them back (stalled). */
  WORKER_SHUTDOWN_GRACE_S: z.coerce.number().int().min(1).max(3600).default(25),
  /** How long a worker's job lock lasts without renewal (ms): a killed worker's job is re-run after it. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** First retry delay of a failed job in ms, doubled each attempt (tests shorten it; keep minutes in production). */
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(5000),
  /**
   * Most W3CIISLog rows one query of a window may return (the service's limit is 500,000 rows and
   * ~64 MB): a window that reaches it is halved and fetched again (lib/sentinel/evidence).
   */
  /**
   * The app's public URL, for links written outside it (the case link in a Sentinel incident's
   * comment). Unset: NEXTAUTH_URL; neither: no link, the comment names the case number only.
   */
  APP_URL: z.url({ message: "APP_URL must be the app's absolute URL, e.g. https://shellcase.example.org" }).optional(),
  /**
   * Where notification emails go out (docs/notifications.md): smtp://user:pass@host:587 (STARTTLS
   * when offered) or smtps://host:465. Unset: no email, the in-app inbox only.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, "SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://…")
    .optional(),
  /** The From of notification emails. */
  SMTP_FROM: z.string().trim().min(3).default("Shellcase <shellcase@localhost>"),
  SENTINEL_PAGE_ROWS: z.coerce.number().int().min(10).max(500_000).default(10_000),
  /**
   * Key that encrypts workspace (data source) secrets at rest: 32 bytes, base64 or hex
   * (`openssl rand -base64 32`). Required once a data source exists (lib/sentinel/secret-box.ts).
   */
  SOURCE_SECRET_KEY: z
    .string()
    .optional()
    .refine(
      (k) => k === undefined || /^[0-9a-fA-F]{64}$/.test(k) || Buffer.from(k, "base64").length === 32,
      "SOURCE_SECRET_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)",
    ),
});

export type Env = z.infer<typeof envSchema>;

const optionalText = (name: string) =>
  z
    .string({ message: `${name} must be text` })
    .trim()
    .optional();

// Multi-tenant authorities would let any Microsoft account's email claim match a Shellcase user.
const SHARED_TENANTS = ["common", "organizations", "consumers"];

const webEnvSchema = z
  .object({
    /** Signs and encrypts the session cookie (a JWT). */
    NEXTAUTH_SECRET: z
      .string({
        message:
          "NEXTAUTH_SECRET is required by the web app (it signs the session cookie): a random string of 32+ characters, e.g. `openssl rand -base64 32`. The worker and the CLI do not need it.",
      })
      .min(32, "NEXTAUTH_SECRET must be at least 32 characters (`openssl rand -base64 32`)"),
    /** The app's public URL (https://shellcase.example.org); next-auth builds callback URLs from it. */
    NEXTAUTH_URL: z
      .url({ message: "NEXTAUTH_URL must be the app's absolute URL, e.g. https://shellcase.example.org" })
      .optional(),
    /** Reverse proxies in front of the app that append to X-Forwarded-For; 0: none, the header is ignored. */
    TRUSTED_PROXY_HOPS: z.coerce
      .number({ message: "TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none)" })
      .int("TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none)")
      .min(0, "TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none)")
      .max(10, "TRUSTED_PROXY_HOPS is at most 10")
      .default(0),
    /** Absolute session lifetime in hours, counted from sign-in (activity does not extend it). */
    SESSION_MAX_AGE_H: z.coerce
      .number({ message: "SESSION_MAX_AGE_H must be a number of hours" })
      .positive("SESSION_MAX_AGE_H must be more than 0 hours")
      .max(24 * 30, "SESSION_MAX_AGE_H is at most 720 hours (30 days)")
      .default(12),
    /** Microsoft Entra ID sign-in: all three or none. */
    AZURE_AD_CLIENT_ID: optionalText("AZURE_AD_CLIENT_ID"),
    AZURE_AD_CLIENT_SECRET: optionalText("AZURE_AD_CLIENT_SECRET"),
    AZURE_AD_TENANT_ID: optionalText("AZURE_AD_TENANT_ID").refine(
      (t) => t === undefined || !SHARED_TENANTS.includes(t.toLowerCase()),
      "AZURE_AD_TENANT_ID must be your tenant's id or domain, not common/organizations/consumers: only your own tenant's accounts may sign in",
    ),
    /** Role given to an Entra user who has no Shellcase account yet; unset: such users are refused. */
    AZURE_AD_AUTO_CREATE_ROLE: z
      .enum(["viewer", "analyst"], {
        message: "AZURE_AD_AUTO_CREATE_ROLE must be viewer or analyst (or unset to refuse unknown users)",
      })
      .optional(),
  })
  .superRefine((env, ctx) => {
    const azure = ["AZURE_AD_CLIENT_ID", "AZURE_AD_CLIENT_SECRET", "AZURE_AD_TENANT_ID"] as const;
    const set = azure.filter((k) => env[k] !== undefined);
    if (set.length > 0 && set.length < azure.length) {
      for (const k of azure.filter((k) => env[k] === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: `${k} is missing: Entra ID sign-in needs all of ${azure.join(", ")}`,
        });
      }
    }
    if (env.AZURE_AD_AUTO_CREATE_ROLE && set.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["AZURE_AD_AUTO_CREATE_ROLE"],
        message: "AZURE_AD_AUTO_CREATE_ROLE applies to Entra ID sign-in, which is not configured",
      });
    }
  });

export type WebEnv = z.infer<typeof webEnvSchema>;

/** Every variable either schema reads (for checking .env.example and the deployment files). */
export const ENV_VARIABLES = {
  shared: Object.keys(envSchema.shape),
  web: Object.keys(webEnvSchema.shape),
};

let cached: Env | undefined;
let cachedWeb: (Env & WebEnv) | undefined;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function configError(what: string, error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`);
  return new ConfigError(`${what} is invalid:\n${lines.join("\n")}\nSee .env.example for every variable.`);
}

/** The variables that have a value: "" and whitespace-only count as unset, as if never written. */
export function withoutBlanks(source: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(source))
    if (value !== undefined && value.trim() !== "") kept[name] = value;
  return kept;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const set = withoutBlanks(source);
  // APP_URL defaults to NEXTAUTH_URL (read here as text: the worker has no web schema).
  if (set.APP_URL === undefined && set.NEXTAUTH_URL !== undefined) set.APP_URL = set.NEXTAUTH_URL;
  const result = envSchema.safeParse(set);
  if (!result.success) throw configError("Shellcase configuration", result.error);
  return result.data;
}

/** The shared variables and the web app's own; throws a ConfigError naming every problem. */
export function parseWebEnv(source: Record<string, string | undefined>): Env & WebEnv {
  const set = withoutBlanks(source);
  if (set.APP_URL === undefined && set.NEXTAUTH_URL !== undefined) set.APP_URL = set.NEXTAUTH_URL;
  const shared = envSchema.safeParse(set);
  const web = webEnvSchema.safeParse(set);
  if (!shared.success || !web.success) {
    const issues = [...(shared.error?.issues ?? []), ...(web.error?.issues ?? [])];
    throw configError("Shellcase web app configuration", new z.ZodError(issues));
  }
  return { ...shared.data, ...web.data };
}

/** What `npm run db:migrate` reads (scripts/migrate.ts): no queue or web variables needed. */
export function parseMigrationEnv(source: Record<string, string | undefined>) {
  const result = envSchema.pick({ DATABASE_URL: true, MIGRATION_DATABASE_URL: true }).safeParse(withoutBlanks(source));
  if (!result.success) throw configError("Shellcase migration configuration", result.error);
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For the web app only (sign-in); the worker and the CLI call getEnv(). */
export function getWebEnv(): Env & WebEnv {
  cachedWeb ??= parseWebEnv(process.env);
  return cachedWeb;
}

/** True when Entra ID sign-in is configured (all three AZURE_AD_* variables set). */
export function isEntraConfigured(env: WebEnv): env is WebEnv & {
  AZURE_AD_CLIENT_ID: string;
  AZURE_AD_CLIENT_SECRET: string;
  AZURE_AD_TENANT_ID: string;
} {
  return !!(env.AZURE_AD_CLIENT_ID && env.AZURE_AD_CLIENT_SECRET && env.AZURE_AD_TENANT_ID);
}
