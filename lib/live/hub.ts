// The live events of one web process: ONE Redis subscriber connection, whatever the number of
// open streams, fanning each event out in memory to the streams whose topics it names.
//
// Resuming (Last-Event-ID) reads the missed entries from the Redis stream lib/live/publish.ts
// appends to. A listener subscribes before it replays, buffering what arrives meanwhile, then
// delivers replay and buffer in id order, dropping what it already delivered: nothing is lost in
// the gap between the two and nothing comes twice. Ids only grow in publish order (the publish
// script appends and announces atomically), so "already delivered" is "id <= the last one".
//
// The subscriber reconnects after a Redis restart for as long as the process lives; ioredis
// subscribes again, and the hub then reads the entries published while it was away from the
// stream, so open streams miss nothing that reached Redis.
import { Redis } from "ioredis";
import { getEnv } from "../env";
import { logger } from "../logger";
import { workerRetryDelay } from "../redis";
import type { LiveEvent } from "./events";
import { LIVE_STREAM_MAXLEN, liveKey } from "./publish";

export interface LiveEntry {
  /** The Redis stream entry id ("1733400000000-0"): the SSE event id. */
  id: string;
  event: LiveEvent;
}

/** Compares two stream entry ids ("ms-seq") in stream order. */
export function compareEntryIds(a: string, b: string): number {
  const [am = "0", as = "0"] = a.split("-");
  const [bm = "0", bs = "0"] = b.split("-");
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

export const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

function parseEntry(id: string, json: string): LiveEntry | null {
  try {
    const event = JSON.parse(json) as LiveEvent;
    if (typeof event?.topic !== "string" || typeof event.kind !== "string") return null;
    return { id, event };
  } catch {
    logger.warn("live event not understood", { id });
    return null;
  }
}

interface Listener {
  topics: ReadonlySet<string>;
  /** Entries received before the replay finished; null once live. */
  buffer: LiveEntry[] | null;
  lastId: string | null;
  onEntry: (entry: LiveEntry) => void;
}

export interface ListenOptions {
  /** Deliver what was published after this entry first (a resumed stream). */
  after?: string;
  onEntry: (entry: LiveEntry) => void;
  /** Entries after `after` may have been trimmed from the stream: the caller should reload. */
  onGap?: () => void;
}

export class LiveHub {
  private subscriber: Redis | undefined;
  private reader: Redis | undefined;
  private subscribed: Promise<void> | undefined;
  private readonly listeners = new Set<Listener>();
  /** The newest entry this process has seen: where catching up starts after a reconnect. */
  private lastSeen: string | null = null;
  private everReady = false;

  constructor(
    private readonly redisUrl = getEnv().REDIS_URL,
    private readonly key = liveKey(),
  ) {}

  /** Open streams in this process (health, tests). */
  get size(): number {
    return this.listeners.size;
  }

  /**
   * Calls `onEntry` for each entry of `topics`, in id order, from now on (after `after` when
   * given) until the returned function is called.
   */
  async listen(topics: Iterable<string>, opts: ListenOptions): Promise<() => void> {
    const listener: Listener = {
      topics: new Set(topics),
      buffer: [],
      lastId: opts.after ?? null,
      onEntry: opts.onEntry,
    };
    this.listeners.add(listener);
    const stop = () => void this.listeners.delete(listener);
    try {
      await this.subscribe();
      if (opts.after) {
        const { entries, gap } = await this.readAfter(opts.after);
        if (gap) opts.onGap?.();
        for (const entry of entries) this.offer(listener, entry, true);
      }
      const buffered = listener.buffer ?? [];
      listener.buffer = null;
      for (const entry of buffered) this.offer(listener, entry, true);
    } catch (err) {
      stop();
      throw err;
    }
    return stop;
  }

  /** Delivers `entry` to `listener` if it is one of its topics and newer than what it has. */
  private offer(listener: Listener, entry: LiveEntry, draining = false): void {
    if (!listener.topics.has(entry.event.topic)) return;
    if (listener.buffer && !draining) {
      listener.buffer.push(entry);
      return;
    }
    if (listener.lastId && compareEntryIds(entry.id, listener.lastId) <= 0) return;
    listener.lastId = entry.id;
    try {
      listener.onEntry(entry);
    } catch (err) {
      logger.warn("live listener failed", { error: err instanceof Error ? err.message : String(err) });
    }
  }

  private dispatch(entry: LiveEntry): void {
    if (!this.lastSeen || compareEntryIds(entry.id, this.lastSeen) > 0) this.lastSeen = entry.id;
    for (const listener of this.listeners) this.offer(listener, entry);
  }

  private getReader(): Redis {
    // Commands wait for a reconnect, at most commandTimeout: a resuming stream fails rather than hangs.
    if (this.reader) return this.reader;
    const reader = new Redis(this.redisUrl, {
      maxRetriesPerRequest: 1,
      commandTimeout: 5000,
      retryStrategy: workerRetryDelay,
    });
    reader.on("error", (err: Error) => logger.debug("live hub reader: redis error", { error: err.message }));
    this.reader = reader;
    return reader;
  }

  private subscribe(): Promise<void> {
    if (this.subscribed) return this.subscribed;
    const subscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: null, retryStrategy: workerRetryDelay });
    this.subscriber = subscriber;
    subscriber.on("error", (err: Error) => logger.warn("live hub: redis error", { error: err.message }));
    subscriber.on("message", (channel: string, message: string) => {
      if (channel !== this.key) return;
      const space = message.indexOf(" ");
      const entry = space > 0 ? parseEntry(message.slice(0, space), message.slice(space + 1)) : null;
      if (entry) this.dispatch(entry);
    });
    subscriber.on("ready", () => {
      // ioredis subscribes again by itself after a reconnect; once that is confirmed (asking
      // again is harmless), what was published meanwhile is read back from the stream.
      if (this.everReady) {
        subscriber.subscribe(this.key).then(
          () => this.catchUp(),
          (err: unknown) => logger.warn("live hub: resubscribe failed", { error: String(err) }),
        );
      }
      this.everReady = true;
    });
    this.subscribed = (async () => {
      await subscriber.subscribe(this.key);
      const [newest] = await this.getReader().xrevrange(this.key, "+", "-", "COUNT", 1);
      if (newest && !this.lastSeen) this.lastSeen = newest[0];
    })().catch((err: unknown) => {
      this.subscribed = undefined;
      this.subscriber = undefined;
      subscriber.disconnect();
      throw err;
    });
    return this.subscribed;
  }

  private async catchUp(): Promise<void> {
    if (!this.lastSeen) return;
    try {
      const { entries } = await this.readAfter(this.lastSeen);
      logger.info("live hub: reconnected to redis", { caughtUp: entries.length });
      for (const entry of entries) this.dispatch(entry);
    } catch (err) {
      logger.warn("live hub: could not catch up after a reconnect", { error: (err as Error).message });
    }
  }

  /** The entries after `id`, oldest first, and whether some may have been trimmed away. */
  private async readAfter(id: string): Promise<{ entries: LiveEntry[]; gap: boolean }> {
    const reader = this.getReader();
    const [raw, first] = await Promise.all([
      reader.xrange(this.key, `(${id}`, "+", "COUNT", LIVE_STREAM_MAXLEN),
      reader.xrange(this.key, "-", "+", "COUNT", 1),
    ]);
    const entries: LiveEntry[] = [];
    for (const [entryId, fields] of raw) {
      const json = fields[fields.indexOf("e") + 1];
      const entry = json === undefined ? null : parseEntry(entryId, json);
      if (entry) entries.push(entry);
    }
    const oldest = first[0]?.[0];
    return { entries, gap: oldest !== undefined && compareEntryIds(oldest, id) > 0 };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const connections = [this.subscriber, this.reader];
    this.subscriber = this.reader = this.subscribed = undefined;
    await Promise.all(connections.map((c) => c?.quit().catch(() => c.disconnect())));
  }
}

const HUB = Symbol.for("shellcase.liveHub");

/** This process's hub (one per process, even if a bundler loads this module twice). */
export function getLiveHub(): LiveHub {
  const store = globalThis as { [HUB]?: LiveHub };
  return (store[HUB] ??= new LiveHub());
}
