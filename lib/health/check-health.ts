// Liveness of what the app depends on, for GET /api/health and the deployment's health checks.
// Each check has a deadline: a hung dependency answers "down", not a hung health check.
import type { Redis } from "ioredis";
import { getPool } from "../db";
import { logger } from "../logger";
import { createProducerConnection } from "../redis";

export interface Health {
  ok: boolean;
  db: "up" | "down";
  redis: "up" | "down";
}

const DEADLINE_MS = 2000;

function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// One producer connection for health checks, kept between checks (a connection per probe would
// churn Redis every few seconds). Its own, so a probe never queues behind job traffic.
let redis: Redis | undefined;

function healthConnection(): Redis {
  if (!redis) {
    redis = createProducerConnection();
    // ioredis reconnects by itself; without a listener every failed attempt is an unhandled error.
    redis.on("error", (err: Error) => logger.debug("health redis connection error", { error: err.message }));
  }
  return redis;
}

async function pingRedis(): Promise<void> {
  const connection = healthConnection();
  // enableOfflineQueue is off for producers, so wait for the connection rather than fail at once.
  if (connection.status !== "ready") {
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      // Drop the listener on timeout, or probes against a dead Redis would pile them up.
      const timer = setTimeout(() => {
        connection.off("ready", onReady);
        reject(new Error(`redis not connected (${connection.status})`));
      }, DEADLINE_MS);
      connection.once("ready", onReady);
    });
  }
  const answer = await connection.ping();
  if (answer !== "PONG") throw new Error(`unexpected PING answer ${answer}`);
}

async function check(name: string, fn: () => Promise<unknown>): Promise<"up" | "down"> {
  try {
    await withDeadline(fn(), name);
    return "up";
  } catch (err) {
    logger.warn("health check failed", { dependency: name, error: err instanceof Error ? err.message : String(err) });
    return "down";
  }
}

export async function checkHealth(): Promise<Health> {
  const [db, redisState] = await Promise.all([
    check("postgres", () => getPool().query("select 1")),
    check("redis", pingRedis),
  ]);
  return { ok: db === "up" && redisState === "up", db, redis: redisState };
}
