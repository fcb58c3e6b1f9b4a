// The scale benchmark's live part: `streams` concurrent `GET /api/v1/events?topics=cases` (SSE,
// the session cookie), opened as plain HTTP requests whose frames are parsed here
// (`id: <id>\nevent: <kind>\ndata: <JSON LiveEvent>\n\n`). Once every stream has answered 200, a
// real change is made in this process through lib/cases/update-case (the case title, on the
// bench database; its after-commit publish goes through Redis to the web process), and each
// stream's delay is measured from the start of that call — an upper bound of the delay from the
// commit, which happens inside it — to the frame of the `cases` topic naming the case. Repeated
// `rounds` times; goal p95 ≤ 1 s.
import http from "node:http";
import { percentile } from "./serve-app";

export interface StreamsResult {
  streams: number;
  rounds: number;
  /** Every stream's delay in every round. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Streams that heard nothing of a round's change within the timeout, summed over rounds. */
  missed: number;
  /** How long the change itself took (its transaction and after-commit publish), median. */
  changeMedianMs: number;
  met: boolean;
}

const ROUND_TIMEOUT_MS = 10_000;

interface Stream {
  request: http.ClientRequest;
  /** Called with the parsed data of each `cases` frame. */
  onEvent: (data: unknown) => void;
}

/** Opens one stream; resolves when it answered 200, rejects on any other answer. */
function openStream(url: string, cookie: string, agent: http.Agent): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const stream: Stream = { request: null as unknown as http.ClientRequest, onEvent: () => {} };
    stream.request = http.get(url, { headers: { cookie, accept: "text/event-stream" }, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`event stream answered ${res.statusCode}`));
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n");
          if (!data) continue; // a comment or keep-alive
          try {
            stream.onEvent(JSON.parse(data));
          } catch {
            // not JSON: not an event of the contract
          }
        }
      });
      resolve(stream);
    });
    stream.request.on("error", reject);
  });
}

export async function benchStreams(opts: {
  base: string;
  cookie: string;
  /** The app's database, Redis and queue prefix: the change is published where the app listens. */
  env: { DATABASE_URL: string; REDIS_URL: string; QUEUE_PREFIX: string };
  streams: number;
  rounds?: number;
}): Promise<StreamsResult | { skipped: string }> {
  const rounds = opts.rounds ?? 5;
  const probe = await fetch(`${opts.base}/api/v1/events?topics=cases`, {
    headers: { cookie: opts.cookie },
    redirect: "manual",
    signal: AbortSignal.timeout(5_000),
  }).catch((err: Error) => ({ status: 0, body: null, error: err.message }) as const);
  if (probe.status === 404) return { skipped: "GET /api/v1/events answers 404: the event stream is not in this build" };
  if (probe.status !== 200) throw new Error(`scale bench: GET /api/v1/events answered ${probe.status}`);
  await probe.body?.cancel();

  // The change is made here, on the bench database, published on the app's Redis stream: lib/env
  // reads these when first used.
  Object.assign(process.env, opts.env);
  process.env.LOG_LEVEL ??= "warn";
  const { getPrisma, closeDb } = await import("../lib/db");
  const { updateCase } = await import("../lib/cases/update-case");
  const { closeLivePublisher } = await import("../lib/live/publish");
  const prisma = getPrisma();
  const user = await prisma.user.findFirstOrThrow({ orderBy: { id: "asc" } });
  const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
  const kase = await prisma.case.findFirstOrThrow({ where: { status: "investigating" }, orderBy: { id: "desc" } });

  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const url = `${opts.base}/api/v1/events?topics=cases`;
  const streams: Stream[] = [];
  const delays: number[] = [];
  const changeTimes: number[] = [];
  let missed = 0;
  try {
    // Opened in batches: the web process accepts them as fast as it can, and each must be
    // subscribed before the change.
    for (let i = 0; i < opts.streams; i += 20) {
      const batch = Math.min(20, opts.streams - i);
      streams.push(...(await Promise.all(Array.from({ length: batch }, () => openStream(url, opts.cookie, agent)))));
    }
    // Subscriptions are made after the 200; give the last ones a moment to register.
    await new Promise((r) => setTimeout(r, 1_000));
    for (let round = 0; round < rounds; round++) {
      const current = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { version: true } });
      const heard: number[] = [];
      const all = new Promise<void>((resolve) => {
        let pending = streams.length;
        const t = setTimeout(resolve, ROUND_TIMEOUT_MS);
        for (const s of streams) {
          let done = false;
          s.onEvent = (data) => {
            const e = data as { topic?: string; data?: Record<string, unknown> };
            if (done || e.topic !== "cases" || (e.data && "caseId" in e.data && e.data.caseId !== kase.id)) return;
            done = true;
            heard.push(performance.now() - t0);
            if (--pending === 0) {
              clearTimeout(t);
              resolve();
            }
          };
        }
      });
      const t0 = performance.now();
      await updateCase(actor, {
        caseId: kase.id,
        version: current.version,
        title: `${kase.title} (round ${round + 1})`,
      });
      changeTimes.push(performance.now() - t0);
      await all;
      delays.push(...heard);
      missed += streams.length - heard.length;
      for (const s of streams) s.onEvent = () => {};
      await new Promise((r) => setTimeout(r, 500));
    }
    await updateCase(actor, {
      caseId: kase.id,
      version: (await prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).version,
      title: kase.title,
    });
  } finally {
    for (const s of streams) s.request.destroy();
    agent.destroy();
    await closeLivePublisher();
    await closeDb();
  }
  delays.sort((a, b) => a - b);
  changeTimes.sort((a, b) => a - b);
  const result: StreamsResult = {
    streams: opts.streams,
    rounds,
    p50Ms: percentile(delays, 50),
    p95Ms: percentile(delays, 95),
    maxMs: Math.round((delays[delays.length - 1] ?? 0) * 10) / 10,
    missed,
    changeMedianMs: percentile(changeTimes, 50),
    met: false,
  };
  result.met = missed === 0 && result.p95Ms <= 1_000;
  return result;
}

export function formatStreams(r: StreamsResult): string[] {
  return [
    `  event streams: ${r.streams} concurrent, ${r.rounds} changes: delay p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms; missed ${r.missed}; the change itself ${r.changeMedianMs} ms (median) — goal p95 ≤ 1 s: ${r.met ? "met" : "NOT met"}`,
  ];
}
