// GET /api/v1/events?topics=cases,case:12,alerts — the live events of one browser tab, as
// server-sent events (docs/live.md). Session only: 401 without one, 400 naming a malformed
// topic, 403 for another user's `user:<id>`. The user's own topic is always included.
// `Last-Event-ID` (or ?lastEventId=) replays what was missed, then the stream continues live.
// The stream ends when the client goes away or the session no longer holds (signed out,
// disabled, expired): lib/live/live-event-stream.ts.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getSessionClaims, sessionMaxAgeMs } from "@/lib/auth/session";
import { actorForSession } from "@/lib/auth/actor-for-session";
import { openLiveEventStream, parseLastEventId, parseLiveTopics } from "@/lib/live/live-event-stream";
import { routeHandler } from "../route-handler";

// The stream holds a Redis subscription and timers: Node, never the edge runtime.
export const runtime = "nodejs";

const eventsQuery = z.object({ topics: z.string().max(2000).optional(), lastEventId: z.string().max(50).optional() });

export const GET = routeHandler(
  { route: "GET /api/v1/events", auth: "session", role: "viewer", query: eventsQuery },
  async ({ request, actor, query }) => {
    const topics = parseLiveTopics(query.topics, actor.id);
    const lastEventId = parseLastEventId(request.headers.get("last-event-id"), query.lastEventId ?? null);
    // The claims the stream was opened with, asked about again while it stays open.
    const claims = await getSessionClaims();
    if (!claims || claims.uid !== actor.id) throw new AppError("unauthenticated", "Sign in to hear live events.");
    const maxAgeMs = sessionMaxAgeMs();
    const stream = await openLiveEventStream({
      userId: actor.id,
      topics,
      lastEventId,
      signal: request.signal,
      stillSignedIn: async () => (await actorForSession(claims, { maxAgeMs }))?.id === actor.id,
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream",
        // Reverse proxies (nginx) pass each frame on at once instead of buffering the response.
        "X-Accel-Buffering": "no",
      },
    });
  },
);
