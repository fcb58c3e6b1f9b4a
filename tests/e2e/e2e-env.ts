// The environment of one e2e run: its own database, queue prefix, upload directory, session
// secret and users. Chosen once, in the Playwright runner process, and kept in process.env so
// that the config (loaded again by every worker), the global setup and the web server all see
// the same values.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "../../lib/auth/roles";
import { databaseUrl } from "../support/test-database";

/** The port `next start` listens on for this run (other checkouts may use other ports). */
export const e2ePort = Number(process.env.SHELLCASE_E2E_PORT ?? 3100);

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
  };
}

export function e2eEnv(): E2eEnv {
  // Set SHELLCASE_E2E_RUN_ID to reuse a run's database, e.g. with a worker started by hand.
  const runId = (process.env.SHELLCASE_E2E_RUN_ID ??= randomBytes(4).toString("hex"));
  if (!/^[a-z0-9_]{1,40}$/.test(runId)) throw new Error("SHELLCASE_E2E_RUN_ID: lower-case letters, digits and _ only");
  const databaseName = `shellcase_e2e_${runId}`;
  const secret = (process.env.SHELLCASE_E2E_NEXTAUTH_SECRET ??= randomBytes(32).toString("base64"));
  return {
    databaseName,
    server: {
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: process.env.SHELLCASE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0",
      QUEUE_PREFIX: `shellcase_e2e_${runId}`,
      UPLOAD_DIR: join(tmpdir(), `shellcase-e2e-${runId}`, "uploads"),
      // Small, so that the size limit can be tested with a small body.
      UPLOAD_MAX_MB: "2",
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://127.0.0.1:${e2ePort}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  };
}
