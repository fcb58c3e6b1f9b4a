// Redis connections for BullMQ. Producers (web app, CLI) fail fast when Redis is down; workers
// wait and retry forever (maxRetriesPerRequest: null), as BullMQ requires. Never share one
// connection between a producer and a worker.
import { Redis } from "ioredis";
import { getEnv } from "./env";

export function createProducerConnection(): Redis {
  return new Redis(getEnv().REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
}

/** Reconnect delay of a worker's connection: 0.5 s growing to 5 s, and never giving up. */
export const workerRetryDelay = (times: number) => Math.min(500 * times, 5000);

export function createWorkerConnection(): Redis {
  // A worker outlives Redis restarts: it keeps reconnecting (retryStrategy never returns null)
  // and its commands wait for the connection instead of failing.
  return new Redis(getEnv().REDIS_URL, { maxRetriesPerRequest: null, retryStrategy: workerRetryDelay });
}
