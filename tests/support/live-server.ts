// A web process for the live events tests: plain Node HTTP serving the same stream as
// GET /api/v1/events (lib/live/live-event-stream.ts, the process's own hub and Redis
// subscriber), without Next. The session is given as its claims in `x-test-session` (JSON
// {uid, sid, signedInAt}) and checked like a cookie's (lib/auth/actor-for-session.ts): next-auth's
// cookie decoding is the one part left out. Started by tests/support/live-server-process.ts;
// prints "listening <port>" once it serves.
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { actorForSession, type SessionOf } from "../../lib/auth/actor-for-session";
import { AppError } from "../../lib/errors";
import { openLiveEventStream, parseLastEventId, parseLiveTopics } from "../../lib/live/live-event-stream";

const MAX_AGE_MS = 12 * 60 * 60 * 1000;
const recheckMs = Number(process.env.LIVE_RECHECK_MS ?? 600_000);

const server = createServer((req, res) => {
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  void (async () => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname !== "/events") throw new AppError("not_found", "no such route");
      const header = req.headers["x-test-session"];
      const claims = typeof header === "string" ? (JSON.parse(header) as SessionOf) : null;
      const actor = claims ? await actorForSession(claims, { maxAgeMs: MAX_AGE_MS }) : null;
      if (!claims || !actor) throw new AppError("unauthenticated", "Sign in to continue.");
      const topics = parseLiveTopics(url.searchParams.get("topics"), actor.id);
      const lastEventId = parseLastEventId(
        (req.headers["last-event-id"] as string | undefined) ?? null,
        url.searchParams.get("lastEventId"),
      );
      const stream = await openLiveEventStream({
        userId: actor.id,
        topics,
        lastEventId,
        signal: abort.signal,
        recheckMs,
        stillSignedIn: async () => (await actorForSession(claims, { maxAgeMs: MAX_AGE_MS }))?.id === actor.id,
      });
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
      Readable.fromWeb(stream as import("node:stream/web").ReadableStream).pipe(res);
    } catch (err) {
      const status = err instanceof AppError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { message } }));
    }
  })();
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
