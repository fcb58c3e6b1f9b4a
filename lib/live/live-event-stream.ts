// One browser tab's live events as a server-sent event stream (text/event-stream): the topics it
// asked for plus its user's own topic, from the process's hub (lib/live/hub.ts). Framework-
// neutral: app/api/v1/events/route.ts authenticates and hands the stream to Next; the
// integration tests serve the same stream from plain Node processes.
//
// Frames: `id: <stream entry id>\nevent: <kind>\ndata: <LiveEvent JSON>\n\n`, a `: ping` comment
// every HEARTBEAT_MS (proxies keep the connection, the client notices a dead one). The stream
// ends when the client goes away (signal), when the session no longer holds (re-checked every
// RECHECK_MS, and at once when the user's topic says "session.ended": a sign-out or a disabled
// account), and when the client reads too slowly to keep up (it resumes with Last-Event-ID).
import { AppError } from "../errors";
import { logger } from "../logger";
import { userTopic, type LiveEvent, type LiveTopic } from "./events";
import { ENTRY_ID, getLiveHub, type LiveEntry, type LiveHub } from "./hub";
import { RESYNC, SESSION_ENDED } from "./kinds";

export const HEARTBEAT_MS = 15_000;
export const RECHECK_MS = 20_000;
/** Topics one stream may ask for: a page needs a handful. */
export const MAX_TOPICS = 50;
/** Frames queued for a client that does not read before its stream is closed. */
const MAX_QUEUED_FRAMES = 1000;

const TOPIC = /^(?:cases|alerts|imports|case:[1-9]\d{0,9}|user:[1-9]\d{0,9})$/;

/**
 * The topics of `?topics=a,b,c` for `userId`, with the user's own topic always included. A
 * malformed topic is a 400 naming it; another user's topic a 403.
 */
export function parseLiveTopics(param: string | undefined | null, userId: number): LiveTopic[] {
  const own = userTopic(userId);
  const topics = new Set<LiveTopic>([own]);
  for (const raw of (param ?? "").split(",")) {
    const topic = raw.trim();
    if (!topic) continue;
    if (!TOPIC.test(topic)) {
      throw new AppError(
        "bad_request",
        `topics: "${topic.slice(0, 40)}" is not a topic (cases, alerts, imports, case:<id>, user:<id>).`,
      );
    }
    if (topic.startsWith("user:") && topic !== own) {
      throw new AppError("forbidden", `topics: ${topic} is another user's; a stream may only hear its own user topic.`);
    }
    topics.add(topic as LiveTopic);
  }
  if (topics.size > MAX_TOPICS) throw new AppError("bad_request", `topics: at most ${MAX_TOPICS} topics per stream.`);
  return [...topics];
}

/** The entry id a stream resumes after (Last-Event-ID header, else ?lastEventId=), or undefined. */
export function parseLastEventId(header: string | null, param: string | null): string | undefined {
  const value = (header ?? param ?? "").trim();
  if (!value) return undefined;
  if (!ENTRY_ID.test(value)) throw new AppError("bad_request", "lastEventId: not an event id this server sent.");
  return value;
}

/** One SSE frame. Kinds are code-chosen names; anything else is dropped rather than sent. */
export function sseFrame(event: LiveEvent, id?: string): string {
  const kind = /^[A-Za-z0-9._:-]{1,64}$/.test(event.kind) ? event.kind : "message";
  return `${id ? `id: ${id}\n` : ""}event: ${kind}\ndata: ${JSON.stringify(event)}\n\n`;
}

export interface LiveStreamOptions {
  userId: number;
  /** From parseLiveTopics (the user's topic included). */
  topics: LiveTopic[];
  lastEventId?: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Whether the session the stream was opened with may still be used. */
  stillSignedIn: () => Promise<boolean>;
  hub?: LiveHub;
  heartbeatMs?: number;
  recheckMs?: number;
}

/**
 * The stream, once it listens: resolves after the hub has subscribed (and the replay of missed
 * events is queued), so a caller's event published after this resolves is delivered.
 */
export async function openLiveEventStream(opts: LiveStreamOptions): Promise<ReadableStream<Uint8Array>> {
  const hub = opts.hub ?? getLiveHub();
  const own = userTopic(opts.userId);
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let stopListening: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });

  function close() {
    if (closed) return;
    closed = true;
    for (const t of timers) clearInterval(t);
    stopListening?.();
    opts.signal.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      // Already closed or errored by the reader going away: nothing left to end.
    }
  }

  function write(text: string) {
    if (closed) return;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) {
      logger.info("live stream closed: the client is not reading", { userId: opts.userId });
      close();
      return;
    }
    controller.enqueue(encoder.encode(text));
  }

  let checking = false;
  async function recheck() {
    if (closed || checking) return;
    checking = true;
    try {
      if (!(await opts.stillSignedIn())) {
        // Said once, without an id: the page goes to sign-in instead of reconnecting.
        write(sseFrame({ topic: own, kind: SESSION_ENDED }));
        close();
      }
    } catch (err) {
      // The database is unreachable: the stream carries no data, keep it and ask again later.
      logger.warn("live stream: session not re-checked", { error: err instanceof Error ? err.message : String(err) });
    } finally {
      checking = false;
    }
  }

  function onEntry({ id, event }: LiveEntry) {
    // Another session of the user may have ended: this one is checked, and only its own end is told.
    if (event.topic === own && event.kind === SESSION_ENDED) {
      void recheck();
      return;
    }
    write(sseFrame(event, id));
  }

  if (opts.signal.aborted) {
    close();
    return stream;
  }
  opts.signal.addEventListener("abort", close);
  // A comment at once, so that the response's headers and first bytes leave now.
  write(": connected\n\n");
  try {
    stopListening = await hub.listen(opts.topics, {
      after: opts.lastEventId,
      onEntry,
      // Missed entries were trimmed: every topic is told to reload what it shows.
      onGap: () => {
        for (const topic of opts.topics) write(sseFrame({ topic, kind: RESYNC }));
      },
    });
  } catch (err) {
    close();
    logger.warn("live stream refused: redis unreachable", { error: err instanceof Error ? err.message : String(err) });
    throw new AppError("unavailable", "Live updates are unavailable right now; pages still show the latest on reload.");
  }
  if (closed) stopListening();
  timers.push(setInterval(() => write(": ping\n\n"), opts.heartbeatMs ?? HEARTBEAT_MS));
  timers.push(setInterval(() => void recheck(), opts.recheckMs ?? RECHECK_MS));
  return stream;
}
