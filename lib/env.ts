// The one place that reads process.env. App, workers, CLI and tests call getEnv(); a missing or
// malformed variable stops start-up with a message naming it.
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z
    .string({ message: "DATABASE_URL is required (e.g. postgresql://postgres@127.0.0.1:5432/shellcase)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
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
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`);
    throw new ConfigError(
      `Shellcase configuration is invalid:\n${lines.join("\n")}\nSee .env.example for every variable.`,
    );
  }
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
