import type { TestProject } from "vitest/node";
import { randomBytes } from "node:crypto";
import { createMigratedDatabase, dropDatabase } from "../support/test-database";
import { deleteQueueKeys } from "../support/test-redis";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await createMigratedDatabase("shellcase_test");
  project.provide("databaseUrl", db.url);
  const redisUrl = process.env.SHELLCASE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/2";
  const queuePrefix = `shellcase_test_${randomBytes(4).toString("hex")}`;
  project.provide("redisUrl", redisUrl);
  project.provide("queuePrefix", queuePrefix);
  return async () => {
    if (process.env.SHELLCASE_KEEP_TEST_DB) return;
    await dropDatabase(db.name);
    await deleteQueueKeys(redisUrl, queuePrefix);
  };
}
