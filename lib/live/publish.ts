// Publishes live events to every web process (Redis). Best effort: a change has committed by the
// time it is published, so a Redis outage loses the live update, never the change; pages catch
// up on their next load.
//
// Each event is appended to the stream `<QUEUE_PREFIX>:live` (capped near LIVE_STREAM_MAXLEN
// entries, kept for resuming streams: Last-Event-ID) and announced on the channel of the same
// name as "<entry id> <event JSON>", both in one Lua script: entries are published in the order
// of their ids, which is what lets a stream drop duplicates by id (lib/live/hub.ts).
//
// One connection per process, failing fast like the queue producer's: when Redis is down a
// publish waits at most PUBLISH_WAIT_MS and logs. Its socket is unref'd, so a CLI run that
// published something still exits when its work is done.
import { Redis } from "ioredis";
import { getEnv } from "../env";
import { logger } from "../logger";
import type { LiveEvent } from "./events";

/** Entries kept for replay: at a few events a second, hours of history. */
export const LIVE_STREAM_MAXLEN = 10_000;
const PUBLISH_WAIT_MS = 2000;

/** The Redis stream and pub/sub channel of this deployment's (or test run's) live events. */
export function liveKey(): string {
  return `${getEnv().QUEUE_PREFIX}:live`;
}

const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[1])
redis.call('PUBLISH', KEYS[1], id .. ' ' .. ARGV[1])
return id`;

let connection: Redis | undefined;

function getConnection(): Redis {
  if (connection && connection.status !== "end") return connection;
  const redis = new Redis(getEnv().REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: PUBLISH_WAIT_MS,
    // A few quick attempts, then the connection ends; the next publish opens a new one. No timer
    // is left behind to keep a finished CLI run alive.
    retryStrategy: (times) => (times > 3 ? null : 200 * times),
  });
  redis.on("connect", () => redis.stream?.unref?.());
  redis.on("error", (err: Error) => logger.debug("live publisher: redis error", { error: err.message }));
  connection = redis;
  return redis;
}

async function ready(redis: Redis): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`redis not ready within ${PUBLISH_WAIT_MS} ms`)), PUBLISH_WAIT_MS);
    timer.unref();
    const onReady = () => done();
    const onEnd = () => done(new Error("redis connection ended"));
    function done(err?: Error) {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("end", onEnd);
      if (err) reject(err);
      else resolve();
    }
    redis.once("ready", onReady);
    redis.once("end", onEnd);
  });
}

/** Appends and announces `events` on `redis` under `key`; throws on failure. Their entry ids. */
export async function appendLiveEvents(redis: Redis, key: string, events: LiveEvent[]): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (const event of events) pipeline.eval(PUBLISH_SCRIPT, 1, key, JSON.stringify(event), LIVE_STREAM_MAXLEN);
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, id]) => {
    if (err) throw err;
    return String(id);
  });
}

/** Publishes `events` in order; returns their stream entry ids ([] when Redis could not be reached). */
export async function publishLive(events: LiveEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  try {
    const redis = getConnection();
    await ready(redis);
    return await appendLiveEvents(redis, liveKey(), events);
  } catch (err) {
    logger.warn("live events not published", {
      events: events.length,
      kinds: [...new Set(events.map((e) => e.kind))].join(","),
      error: err instanceof Error ? err.message : String(err),
    });
    return [];
  }
}

/** Closes the publishing connection (tests; processes otherwise just exit). */
export async function closeLivePublisher(): Promise<void> {
  const redis = connection;
  connection = undefined;
  if (redis && redis.status !== "end") await redis.quit().catch(() => redis.disconnect());
}
