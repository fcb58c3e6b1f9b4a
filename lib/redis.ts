// Redis connections for BullMQ. Producers (web app, CLI) fail fast when Redis is down; workers
// wait and retry forever (maxRetriesPerRequest: null), as BullMQ requires. Never share one
// connection between a producer and a worker.
import { Redis } from "ioredis";
import { getEnv } from "./env";

export function createProducerConnection(): Redis {
  return new Redis(getEnv().REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
}

export function createWorkerConnection(): Redis {
  return new Redis(getEnv().REDIS_URL, { maxRetriesPerRequest: null });
}
