// Live events end to end through the real Redis and Postgres: two web processes (child
// processes serving the stream of GET /api/v1/events, each with its own hub and subscriber)
// and a publisher in this process, as a worker would be.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeSession } from "../../lib/auth/revoked-sessions";
import { closeDb, getPrisma } from "../../lib/db";
import type { LiveEvent, LiveTopic } from "../../lib/live/events";
import { closeLivePublisher, publishLive } from "../../lib/live/publish";
import { updateUser } from "../../lib/users/update-user";
import { LiveServerProcess } from "../support/live-server-process";
import { SseClient, type SseFrame } from "../support/sse-client";

let web1: LiveServerProcess;
let web2: LiveServerProcess;
/** Re-checks sessions every 300 ms (the others only on a session.ended event). */
let rechecking: LiveServerProcess;
const clients: SseClient[] = [];

beforeAll(async () => {
  [web1, web2, rechecking] = await Promise.all([
    LiveServerProcess.start(),
    LiveServerProcess.start(),
    LiveServerProcess.start({ LIVE_RECHECK_MS: "300" }),
  ]);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([web1?.stop(), web2?.stop(), rechecking?.stop()]);
  await closeLivePublisher();
  await closeDb();
});

const unique = () => randomBytes(4).toString("hex");
/** A case id no other test uses: topics are shared by every test of the run. */
const caseTopic = (): LiveTopic => `case:${1_000_000 + Math.floor(Math.random() * 1_000_000_000)}`;

async function signedInUser() {
  const user = await getPrisma().user.create({
    data: { email: `live-${unique()}@live.test`, name: "Live Tester", role: "analyst" },
  });
  const session = { uid: user.id, sid: randomUUID(), signedInAt: Date.now() };
  return { user, session, header: { "x-test-session": JSON.stringify(session) } };
}

async function open(server: LiveServerProcess, topics: string, headers: Record<string, string>) {
  const client = await SseClient.open(server.url(`/events?topics=${encodeURIComponent(topics)}`), headers);
  clients.push(client);
  return client;
}

const ofTopic = (topic: string) => (f: SseFrame) => f.data.topic === topic;

async function publishOne(event: LiveEvent): Promise<string> {
  const [id] = await publishLive([event]);
  expect(id, "published to Redis").toMatch(/^\d+-\d+$/);
  return id!;
}

describe("live events", () => {
  it("are delivered by every web process to the streams of their topic, and only those", async () => {
    const { header } = await signedInUser();
    const topic = caseTopic();
    const a = await open(web1, `cases,${topic}`, header);
    const b = await open(web2, topic, header);
    const elsewhere = await open(web2, caseTopic(), header);
    expect([a.status, b.status, elsewhere.status]).toEqual([200, 200, 200]);
    expect(a.response.headers.get("content-type")).toBe("text/event-stream");

    const id = await publishOne({ topic, kind: "case.changed", data: { status: "triage" } });
    const [onA] = await a.waitFor(ofTopic(topic));
    const [onB] = await b.waitFor(ofTopic(topic));
    expect(onA).toEqual({
      id,
      event: "case.changed",
      data: { topic, kind: "case.changed", data: { status: "triage" } },
    });
    expect(onB).toEqual(onA);

    // A later event of the other stream's topic reaches it; the first never did.
    const other = (elsewhere.response.url.match(/case%3A(\d+)/) ?? [])[1];
    await publishOne({ topic: `case:${Number(other)}`, kind: "case.changed" });
    const [first] = await elsewhere.waitFor(() => true);
    expect(first!.data.topic).toBe(`case:${other}`);
  });

  it("resume after Last-Event-ID with exactly the missed events, once each, in order, then live", async () => {
    const { header } = await signedInUser();
    const topic = caseTopic();
    const first = await open(web1, topic, header);
    const id1 = await publishOne({ topic, kind: "note.added" });
    await first.waitFor((f) => f.id === id1);
    first.close();

    const id2 = await publishOne({ topic, kind: "task.added" });
    await publishOne({ topic: "imports", kind: "import.finished" }); // not asked for
    const id3 = await publishOne({ topic, kind: "case.changed" });
    // Published while the resumed stream subscribes and replays: it must come once, wherever it lands.
    const [resumed, id4] = await Promise.all([
      open(web2, topic, { ...header, "Last-Event-ID": id1 }),
      publishOne({ topic, kind: "case.changed" }),
    ]);
    const id5 = await publishOne({ topic, kind: "pivot.finished" });
    await resumed.waitFor((f) => f.id === id5);
    expect(resumed.frames.map((f) => f.id)).toEqual([id2, id3, id4, id5]);
    expect(resumed.frames.map((f) => f.event)).toEqual([
      "task.added",
      "case.changed",
      "case.changed",
      "pivot.finished",
    ]);

    // The query parameter does the same as the header.
    const byParam = await SseClient.open(
      web1.url(`/events?topics=${encodeURIComponent(topic)}&lastEventId=${encodeURIComponent(id3)}`),
      header,
    );
    clients.push(byParam);
    await byParam.waitFor((f) => f.id === id5);
    expect(byParam.frames.map((f) => f.id)).toEqual([id4, id5]);
  });

  it("include the user's own topic, refuse another user's, and never deliver another user's events", async () => {
    const me = await signedInUser();
    const someoneElse = await signedInUser();
    const refused = await open(web1, `cases,user:${someoneElse.user.id}`, me.header);
    expect(refused.status).toBe(403);
    expect(await refused.response.text()).toContain(`user:${someoneElse.user.id}`);

    const mine = await open(web1, "cases", me.header);
    await publishOne({ topic: `user:${someoneElse.user.id}`, kind: "notification", data: { unread: 7 } });
    const ownId = await publishOne({ topic: `user:${me.user.id}`, kind: "notification", data: { unread: 1 } });
    const [own] = await mine.waitFor(ofTopic(`user:${me.user.id}`));
    expect(own!.id).toBe(ownId);
    expect(mine.frames.filter(ofTopic(`user:${someoneElse.user.id}`))).toEqual([]);
  });

  it("answer 401 without a session and 400 naming a malformed topic", async () => {
    const none = await open(web1, "cases", {});
    expect(none.status).toBe(401);
    const { header } = await signedInUser();
    const bad = await open(web1, "cases,case:abc", header);
    expect(bad.status).toBe(400);
    expect(await bad.response.text()).toContain("case:abc");
  });

  it("close a disabled user's stream at once, on every web process", async () => {
    const { user, header } = await signedInUser();
    // These processes re-check only on an event: closing proves the event reached them.
    const a = await open(web1, "cases", header);
    const b = await open(web2, "alerts", header);
    const bystander = await signedInUser();
    const other = await open(web1, "cases", bystander.header);

    await updateUser({ id: user.id }, { disabled: true }, null);
    await Promise.all([a.ended, b.ended]);
    for (const s of [a, b]) expect(s.frames.at(-1)?.data).toEqual({ topic: `user:${user.id}`, kind: "session.ended" });

    // Another user's stream stays open: it still receives events.
    const id = await publishOne({ topic: "cases", kind: "case.changed" });
    await other.waitFor((f) => f.id === id);
    // And the disabled user cannot open a new one.
    expect((await open(web1, "cases", header)).status).toBe(401);
  });

  it("close a signed-out session's stream when its periodic re-check fails", async () => {
    const { session, header } = await signedInUser();
    const stream = await open(rechecking, "cases", header);
    expect(stream.status).toBe(200);
    // Revoked without any event: only the re-check can notice.
    await revokeSession(session.sid, new Date(Date.now() + 3_600_000));
    await stream.ended;
    expect(stream.frames.at(-1)?.event).toBe("session.ended");
  });
});
