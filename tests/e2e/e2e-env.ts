// The environment of one e2e run: its own database, queue prefix, upload directory, session
// secret and users. Chosen once, in the Playwright runner process, and kept in process.env so
// that the config (loaded again by every worker), the global setup and the web server all see
// the same values. The servers connect as the app's database role, as deployments do.
//
// A second server runs with the `.env` that `npm run demo` writes (demoEnv): .env.example as
// shipped, empty values included, with only what must differ for a test run overridden.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "../../lib/auth/roles";
import { appDatabaseUrl, databaseUrl } from "../support/test-database";

const ROOT = join(import.meta.dirname, "..", "..");

/** The port `next start` listens on for this run (other checkouts may use other ports). */
export const e2ePort = Number(process.env.SHELLCASE_E2E_PORT ?? 3100);
/** The port of the local SMTP server the global setup starts (notification emails). */
export const smtpPort = Number(process.env.SHELLCASE_E2E_SMTP_PORT ?? e2ePort + 25);
/** Where that SMTP server writes each email it received, one JSON object per line. */
export const mailLogPath = join(ROOT, "test-results", "e2e-mail.jsonl");

/** The port of the server run with the demo's `.env`. */
export const demoPort = Number(process.env.SHELLCASE_E2E_DEMO_PORT ?? e2ePort + 100);

/** Where each server's output is kept (tests/e2e/fixtures.ts fails a test on an error in it). */
export const serverLogPaths = {
  main: join(ROOT, "test-results", "web-server.log"),
  demo: join(ROOT, "test-results", "web-server-demo.log"),
};

/** One user per role, created by the global setup in the run's database. Test-only passwords. */
export const E2E_USERS: Record<Role, { email: string; name: string; password: string }> = {
  admin: { email: "admin@e2e.shellcase.test", name: "Ada Admin", password: "e2e-admin-password" },
  analyst: { email: "analyst@e2e.shellcase.test", name: "Ana Analyst", password: "e2e-analyst-password" },
  viewer: { email: "viewer@e2e.shellcase.test", name: "Vic Viewer", password: "e2e-viewer-password" },
};

/** Where the setup project keeps each role's signed-in browser state. */
export function storageStatePath(role: Role): string {
  return join(import.meta.dirname, "..", "..", "test-results", ".auth", `${role}.json`);
}

export interface E2eEnv {
  /** Name of this run's database (shellcase_e2e_<run id>). */
  databaseName: string;
  /** The database's owner: migrations and test fixtures. */
  ownerUrl: string;
  /** Environment for the web server and the worker. */
  server: {
    DATABASE_URL: string;
    REDIS_URL: string;
    QUEUE_PREFIX: string;
    UPLOAD_DIR: string;
    UPLOAD_MAX_MB: string;
    NEXTAUTH_SECRET: string;
    NEXTAUTH_URL: string;
    NEXT_TELEMETRY_DISABLED: string;
    /** Seals the data source secrets the sources spec stores. */
    SOURCE_SECRET_KEY: string;
    /** The global setup's local SMTP server: notifications are emailed there. */
    SMTP_URL: string;
  };
}

/** Where the global setup writes how to reach this run's local workspace and its incidents. */
export const fakeWorkspacePath = join(ROOT, "test-results", "fake-workspace.json");

function runId(): string {
  // Set SHELLCASE_E2E_RUN_ID to reuse a run's database, e.g. with a worker started by hand.
  const id = (process.env.SHELLCASE_E2E_RUN_ID ??= randomBytes(4).toString("hex"));
  if (!/^[a-z0-9_]{1,40}$/.test(id)) throw new Error("SHELLCASE_E2E_RUN_ID: lower-case letters, digits and _ only");
  return id;
}

export function e2eEnv(): E2eEnv {
  const id = runId();
  const databaseName = `shellcase_e2e_${id}`;
  const secret = (process.env.SHELLCASE_E2E_NEXTAUTH_SECRET ??= randomBytes(32).toString("base64"));
  return {
    databaseName,
    ownerUrl: databaseUrl(databaseName),
    server: {
      DATABASE_URL: appDatabaseUrl(databaseUrl(databaseName)),
      REDIS_URL: process.env.SHELLCASE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0",
      QUEUE_PREFIX: `shellcase_e2e_${id}`,
      UPLOAD_DIR: join(tmpdir(), `shellcase-e2e-${id}`, "uploads"),
      // Small, so that the size limit can be tested with a small body.
      UPLOAD_MAX_MB: "2",
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://127.0.0.1:${e2ePort}`,
      NEXT_TELEMETRY_DISABLED: "1",
      SOURCE_SECRET_KEY: (process.env.SHELLCASE_E2E_SOURCE_SECRET_KEY ??= randomBytes(32).toString("base64")),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    },
  };
}

/** What `npm run demo` does to .env.example: its lines as they are, and a random session secret. */
export function demoDotEnv(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(ROOT, ".env.example"), "utf8").split("\n")) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) vars[m[1]!] = m[2]!;
  }
  vars.NEXTAUTH_SECRET = process.env.SHELLCASE_E2E_DEMO_SECRET ??= randomBytes(32).toString("base64");
  return vars;
}

export interface DemoEnv {
  databaseName: string;
  ownerUrl: string;
  /** The demo's .env with this run's database, queue prefix and upload directory. */
  server: Record<string, string> & { DATABASE_URL: string; QUEUE_PREFIX: string; UPLOAD_DIR: string };
}

export function demoEnv(): DemoEnv {
  const id = runId();
  const databaseName = `shellcase_e2e_${id}_demo`;
  const dotEnv = demoDotEnv();
  // Same users and hosts as the shipped file, in this run's own database.
  const rename = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${databaseName}`;
    return u.toString();
  };
  const ownerUrl = databaseUrl(databaseName);
  return {
    databaseName,
    ownerUrl,
    server: {
      ...dotEnv,
      DATABASE_URL: rename(dotEnv.DATABASE_URL!),
      MIGRATION_DATABASE_URL: ownerUrl,
      QUEUE_PREFIX: `shellcase_e2e_${id}_demo`,
      UPLOAD_DIR: join(tmpdir(), `shellcase-e2e-${id}`, "demo-uploads"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  };
}
