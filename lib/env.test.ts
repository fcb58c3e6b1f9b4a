// An empty or blank variable means unset, for every variable: the `.env` that `npm run demo`
// writes from .env.example has empty values, and compose passes `${VAR:-}` as "".
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ENV_VARIABLES, parseEnv, parseMigrationEnv, parseWebEnv, withoutBlanks } from "./env";
import { unsetBlankEnv } from "./unset-blank-env.js";

const base = { DATABASE_URL: "postgresql://app@h/db", REDIS_URL: "redis://h:6379/0" };
const secret = "s".repeat(32);

describe("blank configuration values", () => {
  it("take every shared variable's default when blank", () => {
    const blanks = Object.fromEntries(
      ENV_VARIABLES.shared.filter((k) => !(k in base)).map((k, i) => [k, i % 2 ? "" : "  \t"]),
    );
    const env = parseEnv({ ...base, ...blanks });
    expect(env).toEqual({
      ...base,
      MIGRATION_DATABASE_URL: undefined,
      DB_STATEMENT_TIMEOUT_MS: 60_000,
      DB_CONNECT_TIMEOUT_MS: 10_000,
      QUEUE_PREFIX: "shellcase",
      UPLOAD_DIR: "./data/uploads",
      UPLOAD_MAX_MB: 2048,
      IMPORT_CONCURRENCY: 1,
      IMPORT_MAX_DECOMPRESSED_MB: 20_480,
      IMPORT_MAX_NEW_PARTITIONS: 36,
      ENRICH_CONCURRENCY: 4,
      RECONCILE_INTERVAL_S: 60,
      WORKER_QUEUES: "imports,enrichment,pivots,incidents,sentinel,email",
      WORKER_SHUTDOWN_GRACE_S: 25,
      WORKER_LOCK_MS: 60_000,
      JOB_BACKOFF_MS: 5_000,
      SENTINEL_PAGE_ROWS: 10_000,
      SMTP_FROM: "Shellcase <shellcase@localhost>",
      LOG_LEVEL: "info",
    });
  });

  it("make a required variable missing, named in the message", () => {
    expect(() => parseEnv({ ...base, DATABASE_URL: " " })).toThrow(/DATABASE_URL is required/);
    expect(() => parseEnv({ ...base, REDIS_URL: "" })).toThrow(/REDIS_URL is required/);
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: "" })).toThrow(/NEXTAUTH_SECRET is required by the web app/);
  });

  it("leave the web app's optional variables unset, not invalid", () => {
    const env = parseWebEnv({
      ...base,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: "",
      AZURE_AD_CLIENT_ID: " ",
      AZURE_AD_CLIENT_SECRET: "",
      AZURE_AD_TENANT_ID: "",
      AZURE_AD_AUTO_CREATE_ROLE: "",
    });
    expect(env.NEXTAUTH_URL).toBeUndefined();
    expect(env.AZURE_AD_CLIENT_ID).toBeUndefined();
    expect(env.AZURE_AD_AUTO_CREATE_ROLE).toBeUndefined();
  });

  it("still refuse a set value that is wrong", () => {
    expect(() => parseEnv({ ...base, DB_STATEMENT_TIMEOUT_MS: "soon" })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
    expect(() => parseEnv({ ...base, MIGRATION_DATABASE_URL: "mysql://x" })).toThrow(/MIGRATION_DATABASE_URL/);
    expect(() => parseWebEnv({ ...base, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: "not a url" })).toThrow(/NEXTAUTH_URL/);
  });

  it("read .env.example as npm run demo writes it (empty values, a secret added)", () => {
    const vars: Record<string, string> = {};
    for (const line of readFileSync(join(import.meta.dirname, "..", ".env.example"), "utf8").split("\n")) {
      const m = /^([A-Z_0-9]+)=(.*)$/.exec(line);
      if (m) vars[m[1]!] = m[2]!;
    }
    expect(vars.NEXTAUTH_URL).toBe(""); // the case that made every page answer 500
    const env = parseWebEnv({ ...vars, NEXTAUTH_SECRET: secret });
    expect(env.NEXTAUTH_URL).toBeUndefined();
    expect(parseMigrationEnv(vars).MIGRATION_DATABASE_URL).toMatch(/^postgresql:\/\/postgres@/);
  });

  it("withoutBlanks keeps only variables with a value", () => {
    expect(withoutBlanks({ A: "1", B: "", C: " \n", D: undefined, E: " x " })).toEqual({ A: "1", E: " x " });
  });

  it("unsetBlankEnv deletes blank variables from an environment, before libraries read it", () => {
    const env: Record<string, string | undefined> = { NEXTAUTH_URL: "", KEEP: "value", SPACES: "   " };
    expect(unsetBlankEnv(env).sort()).toEqual(["NEXTAUTH_URL", "SPACES"]);
    expect(env).toEqual({ KEEP: "value" });
    expect("NEXTAUTH_URL" in env).toBe(false);
  });
});
