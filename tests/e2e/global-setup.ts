// Prepares one e2e run: creates and migrates the run's own database (shellcase_e2e_<id>) with
// one user per role (tests/e2e/auth.setup.ts signs them in), and cleans up after it — this run's
// database, uploads and queue keys only, never shared data.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { hashPassword } from "../../lib/auth/password";
import type { Role } from "../../lib/auth/roles";
import { ADMIN_URL, dropDatabase } from "../support/test-database";
import { deleteQueueKeys } from "../support/test-redis";
import { E2E_USERS, e2eEnv } from "./e2e-env";

const run = promisify(execFile);

async function createDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    // A reused run id (SHELLCASE_E2E_RUN_ID) starts from an empty database too.
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

async function createUsers(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    for (const [role, user] of Object.entries(E2E_USERS) as [Role, (typeof E2E_USERS)[Role]][]) {
      await db.query(
        `INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, $3::"Role", $4, now())`,
        [user.email, user.name, role, await hashPassword(user.password)],
      );
    }
  } finally {
    await db.end();
  }
}

export default async function globalSetup() {
  const env = e2eEnv();
  await createDatabase(env.databaseName);
  // The real migration path, as deployments run it.
  await run("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: env.server.DATABASE_URL },
    maxBuffer: 16 << 20,
  });
  await createUsers(env.server.DATABASE_URL);
  await mkdir(env.server.UPLOAD_DIR, { recursive: true });

  // The import worker of this run, with the web server's environment (same database, queue
  // prefix and upload directory). One node process, so stopping it stops everything it runs.
  const worker = spawn(process.execPath, ["--max-semi-space-size=8", "--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, ...env.server, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = once(worker, "exit");

  return async () => {
    worker.kill("SIGTERM");
    await exited;
    if (process.env.SHELLCASE_KEEP_TEST_DB) return;
    // WITH (FORCE): the web server still holds connections; it is stopped after this teardown.
    await dropDatabase(env.databaseName);
    await deleteQueueKeys(env.server.REDIS_URL, env.server.QUEUE_PREFIX);
    await rm(dirname(env.server.UPLOAD_DIR), { recursive: true, force: true });
  };
}
