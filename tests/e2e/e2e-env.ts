// The environment of one e2e run: its own database, queue prefix and upload directory. Chosen
// once, in the Playwright runner process, and kept in process.env so that the config (loaded
// again by every worker), the global setup and the web server all see the same values.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseUrl } from "../support/test-database";

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
    NEXT_TELEMETRY_DISABLED: string;
  };
}

export function e2eEnv(): E2eEnv {
  // Set SHELLCASE_E2E_RUN_ID to reuse a run's database, e.g. with a worker started by hand.
  const runId = (process.env.SHELLCASE_E2E_RUN_ID ??= randomBytes(4).toString("hex"));
  if (!/^[a-z0-9_]{1,40}$/.test(runId)) throw new Error("SHELLCASE_E2E_RUN_ID: lower-case letters, digits and _ only");
  const databaseName = `shellcase_e2e_${runId}`;
  return {
    databaseName,
    server: {
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: process.env.SHELLCASE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0",
      QUEUE_PREFIX: `shellcase_e2e_${runId}`,
      UPLOAD_DIR: join(tmpdir(), `shellcase-e2e-${runId}`, "uploads"),
      // Small, so that the size limit can be tested with a small body.
      UPLOAD_MAX_MB: "2",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  };
}
