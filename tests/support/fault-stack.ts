// A private Postgres (migrated) and Redis for the fault tests, which stop, crash and restart
// them; the shared services other tests use are never touched. Points this process's lib/env at
// them too, and gives the environment for worker child processes, with short timings: retries
// from 0.5 s, job locks of 5 s and a 5 s shutdown grace (production: 5 s, 60 s and 25 s).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { PrivatePostgres } from "./private-postgres";
import { PrivateRedis } from "./private-redis";

const run = promisify(execFile);

export interface FaultStack {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  /** Environment of the worker processes (and of this process's lib/env). */
  env: Record<string, string>;
  destroy(): Promise<void>;
}

export async function startFaultStack(): Promise<FaultStack> {
  const [pg, redis, uploadDir] = await Promise.all([
    PrivatePostgres.create(),
    PrivateRedis.create(),
    mkdtemp(join(tmpdir(), "shellcase-uploads-")),
  ]);
  const databaseUrl = await pg.createDatabase("shellcase_faults");
  // The real migration path, as deployments run it.
  await run("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 16 << 20,
  });
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url(0),
    QUEUE_PREFIX: `shellcase_faults_${randomBytes(4).toString("hex")}`,
    UPLOAD_DIR: uploadDir,
    JOB_BACKOFF_MS: "500",
    WORKER_LOCK_MS: "5000",
    WORKER_SHUTDOWN_GRACE_S: "5",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env);
  return {
    pg,
    redis,
    env,
    async destroy() {
      await Promise.all([pg.destroy(), redis.destroy(), rm(uploadDir, { recursive: true, force: true })]);
    },
  };
}
