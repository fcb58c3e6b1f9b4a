// A web process's live streams outlive a Redis restart: the hub's subscriber reconnects, and what
// was published while it was away reaches the open stream from the Redis stream, once. Uses a
// Redis of the test's own (stopped and started again on its append-only file); the shared one is
// never touched.
import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { closeDb, getPrisma } from "../../lib/db";
import type { LiveTopic } from "../../lib/live/events";
import { appendLiveEvents } from "../../lib/live/publish";
import { LiveServerProcess } from "../support/live-server-process";
import { PrivateRedis } from "../support/private-redis";
import { SseClient } from "../support/sse-client";

const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await closeDb();
});

it("keeps an open stream across a Redis restart and delivers what was published meanwhile, once", async () => {
  const redis = await PrivateRedis.create();
  cleanup.push(() => redis.destroy());
  const prefix = `live_restart_${randomBytes(3).toString("hex")}`;
  const key = `${prefix}:live`;
  const server = await LiveServerProcess.start({ REDIS_URL: redis.url(), QUEUE_PREFIX: prefix, LOG_LEVEL: "info" });
  cleanup.push(() => server.stop());

  const user = await getPrisma().user.create({
    data: { email: `restart-${randomBytes(4).toString("hex")}@live.test`, name: "Restart", role: "viewer" },
  });
  const session = { uid: user.id, sid: randomUUID(), signedInAt: Date.now() };
  const topic: LiveTopic = `case:${2_000_000_000 + Math.floor(Math.random() * 100_000_000)}`;
  const stream = await SseClient.open(server.url(`/events?topics=${encodeURIComponent(topic)}`), {
    "x-test-session": JSON.stringify(session),
  });
  cleanup.push(() => stream.close());
  expect(stream.status).toBe(200);

  const publish = async (kind: string) => {
    const client = new Redis(redis.url(), { maxRetriesPerRequest: 1 });
    try {
      const [id] = await appendLiveEvents(client, key, [{ topic, kind }]);
      return id!;
    } finally {
      client.disconnect();
    }
  };

  const before = await publish("before.restart");
  await stream.waitFor((f) => f.id === before);

  await redis.stop();
  await redis.start();
  // Published at once: the hub may not have subscribed again yet; it reads it from the stream then.
  const during = await publish("during.reconnect");
  await stream.waitFor((f) => f.id === during);
  const after = await publish("after.restart");
  await stream.waitFor((f) => f.id === after);

  expect(stream.frames.map((f) => f.id)).toEqual([before, during, after]);
  expect(server.log).toContain("reconnected to redis");
});
