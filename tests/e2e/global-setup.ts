// Prepares one e2e run: creates and migrates the run's own database (shellcase_e2e_<id>) with
// one user per role (tests/e2e/auth.setup.ts signs them in), and a second one loaded as
// `npm run demo` loads it, for the server started with the demo's `.env` (demo-env.spec.ts); starts
// a worker for each; and cleans up after it — this run's databases, uploads and queue keys only,
// never shared data. Last, it fails the run on any server error either web server logged.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { hashPassword } from "../../lib/auth/password";
import type { Role } from "../../lib/auth/roles";
import { ADMIN_URL, dropDatabase, migrateDatabase } from "../support/test-database";
import { deleteQueueKeys } from "../support/test-redis";
import { E2E_USERS, demoEnv, e2eEnv, serverLogPaths } from "./e2e-env";
import { readServerErrors } from "./server-log";
import { startE2eFakeWorkspace } from "./fake-incidents";
import { startLocalSmtp } from "./local-smtp";

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

/** A worker with a web server's environment. One node process: stopping it stops all it runs. */
function startWorker(env: Record<string, string>) {
  const worker = spawn(process.execPath, ["--max-semi-space-size=8", "--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = once(worker, "exit");
  return async () => {
    worker.kill("SIGTERM");
    await exited;
  };
}

async function prepareMain() {
  const env = e2eEnv();
  await createDatabase(env.databaseName);
  await migrateDatabase(env.ownerUrl);
  await createUsers(env.ownerUrl);
  await mkdir(env.server.UPLOAD_DIR, { recursive: true });
}

async function prepareDemo() {
  const env = demoEnv();
  await createDatabase(env.databaseName);
  // As `npm run demo` does: migrate (which makes the app's role), then load the sample
  // investigation and the demo users through the app's role.
  await migrateDatabase(env.ownerUrl);
  await run("npx", ["tsx", "scripts/demo-data.ts"], {
    env: { ...process.env, ...env.server, LOG_LEVEL: "warn" },
    maxBuffer: 16 << 20,
  });
  await mkdir(env.server.UPLOAD_DIR, { recursive: true });
}

export default async function globalSetup() {
  const main = e2eEnv();
  const demo = demoEnv();
  await Promise.all([prepareMain(), prepareDemo()]);
  // The local workspace with its incidents API, and a source for it in the tests' database: the
  // main worker (every queue, incidents included) writes closed cases back to it.
  const stopFake = await startE2eFakeWorkspace(main.ownerUrl, main.server.SOURCE_SECRET_KEY);
  // Where the main server's notification emails go (SMTP_URL); the demo's .env sends none.
  const stopSmtp = await startLocalSmtp();
  const stopWorkers = [startWorker(main.server), startWorker(demo.server)];

  return async () => {
    await Promise.all(stopWorkers.map((stop) => stop()));
    await stopFake();
    await stopSmtp();
    if (!process.env.SHELLCASE_KEEP_TEST_DB) {
      // WITH (FORCE): the web servers still hold connections; they are stopped after this teardown.
      await dropDatabase(main.databaseName);
      await dropDatabase(demo.databaseName);
      await deleteQueueKeys(main.server.REDIS_URL, main.server.QUEUE_PREFIX);
      await deleteQueueKeys(main.server.REDIS_URL, demo.server.QUEUE_PREFIX);
      await rm(dirname(main.server.UPLOAD_DIR), { recursive: true, force: true });
    }
    // Errors logged after the last test's own check (fixtures.ts) still fail the run.
    const errors = [...(await readServerErrors(serverLogPaths.main)), ...(await readServerErrors(serverLogPaths.demo))];
    if (errors.length) throw new Error(`the web servers logged errors:\n${errors.join("\n")}`);
  };
}
