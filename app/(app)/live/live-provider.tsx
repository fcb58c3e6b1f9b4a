"use client";
// One live event stream per browser tab (GET /api/v1/events, docs/live.md), for the union of
// the topics the page's components ask for with useLive(). Read with fetch rather than
// EventSource: EventSource only delivers the event names it was told in advance, cannot see a
// 401, and gives up on some errors; here the stream is parsed by hand, resumed with
// Last-Event-ID after a drop (the server replays what was missed), retried with backoff, and a
// 401 or an ended session sends the user to sign in, as use-import-batches did.
//
// When the set of topics changes (navigation), the stream is reopened with the last id seen, so
// events published in between are replayed, not lost.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { loginPathFor } from "@/lib/auth/safe-callback-path";
import type { LiveEvent } from "@/lib/live/events";

export type LiveStatus = "connecting" | "live" | "offline";

export type LiveHandler = (event: LiveEvent, id: string | undefined) => void;

interface Registration {
  topics: readonly string[];
  handler: { current: LiveHandler };
}

interface LiveContextValue {
  register: (registration: Registration) => () => void;
  status: LiveStatus;
  /** The topics of the open stream, comma-separated and sorted ("" before it opens). */
  connectedTopics: string;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/** A dead connection sends no ping for this long (the server pings every 15 s). */
const SILENCE_MS = 40_000;
const RETRY_MS = [1000, 2000, 5000, 10_000, 15_000];
/** Components register in the same commit: one stream for all of them. */
const SETTLE_MS = 50;

function goToSignIn() {
  window.location.assign(loginPathFor(`${window.location.pathname}${window.location.search}`));
}

interface Frame {
  id?: string;
  event?: string;
  data: string;
}

/** Splits an SSE body into frames, calling `onFrame` for each complete one with data. */
async function readFrames(body: ReadableStream<Uint8Array>, onFrame: (frame: Frame) => void, onBytes: () => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onBytes();
    pending += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const frame: Frame = { data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") frame.id = value;
        else if (field === "event") frame.event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length) onFrame({ ...frame, data: data.join("\n") });
    }
  }
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const registrations = useRef(new Set<Registration>());
  const lastId = useRef<string | undefined>(undefined);
  const [topicsKey, setTopicsKey] = useState("");
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [connectedTopics, setConnectedTopics] = useState("");

  const recompute = useCallback(() => {
    const union = new Set<string>();
    for (const r of registrations.current) for (const t of r.topics) union.add(t);
    setTopicsKey([...union].sort().join(","));
  }, []);

  const register = useCallback(
    (registration: Registration) => {
      registrations.current.add(registration);
      recompute();
      return () => {
        registrations.current.delete(registration);
        recompute();
      };
    },
    [recompute],
  );

  useEffect(() => {
    const stop = new AbortController();
    const dispatch = (frame: Frame) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(frame.data) as LiveEvent;
      } catch {
        return;
      }
      if (frame.id) lastId.current = frame.id;
      // The server says so only when this session ended (signed out, disabled, expired).
      if (event.kind === "session.ended") {
        stop.abort();
        goToSignIn();
        return;
      }
      for (const r of registrations.current) {
        if (r.topics.includes(event.topic)) r.handler.current(event, frame.id);
      }
    };

    async function run() {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      let failures = 0;
      while (!stop.signal.aborted) {
        const connection = new AbortController();
        const abortConnection = () => connection.abort();
        stop.signal.addEventListener("abort", abortConnection);
        let silence: ReturnType<typeof setTimeout> | undefined;
        const heard = () => {
          clearTimeout(silence);
          silence = setTimeout(abortConnection, SILENCE_MS);
        };
        try {
          const headers: Record<string, string> = { Accept: "text/event-stream" };
          if (lastId.current) headers["Last-Event-ID"] = lastId.current;
          const res = await fetch(`/api/v1/events?topics=${encodeURIComponent(topicsKey)}`, {
            headers,
            cache: "no-store",
            signal: connection.signal,
          });
          if (res.status === 401) {
            goToSignIn();
            return;
          }
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          failures = 0;
          setStatus("live");
          setConnectedTopics(topicsKey);
          heard();
          await readFrames(res.body, dispatch, heard);
        } catch {
          // A drop, a restart or a network error: retried below, resuming after lastId.
        } finally {
          clearTimeout(silence);
          stop.signal.removeEventListener("abort", abortConnection);
        }
        if (stop.signal.aborted) return;
        setStatus("offline");
        setConnectedTopics("");
        const wait = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]!;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    void run();
    return () => {
      stop.abort();
      setStatus("connecting");
    };
  }, [topicsKey]);

  const value = useMemo(() => ({ register, status, connectedTopics }), [register, status, connectedTopics]);
  return (
    <LiveContext.Provider value={value}>
      {children}
      <LiveIndicator status={status} topics={connectedTopics} />
    </LiveContext.Provider>
  );
}

const INDICATOR: Record<LiveStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting…", dot: "bg-slate-400" },
  live: { label: "Live", dot: "bg-emerald-500" },
  offline: { label: "Reconnecting…", dot: "bg-amber-500 animate-pulse" },
};

/** A small fixed pill: whether this page updates by itself right now. */
function LiveIndicator({ status, topics }: { status: LiveStatus; topics: string }) {
  const { label, dot } = INDICATOR[status];
  return (
    <div
      role="status"
      data-testid="live-status"
      data-state={status}
      data-topics={topics}
      title={status === "live" ? "This page updates when something changes" : "Live updates paused; reconnecting"}
      className="fixed right-3 bottom-3 z-40 flex items-center gap-1.5 rounded-full border border-slate-200 bg-white/95 px-2.5 py-1 text-xs text-slate-600 shadow-sm"
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      {label}
    </div>
  );
}

/**
 * Calls `onEvent` for every live event of `topics` while the component is mounted. The handler
 * may change between renders; the subscription follows the topics only.
 */
export function useLive(topics: readonly string[], onEvent: LiveHandler): LiveStatus {
  const context = useContext(LiveContext);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const key = [...topics].sort().join(",");
  const register = context?.register;
  useEffect(() => {
    if (!register || !key) return;
    return register({ topics: key.split(","), handler });
  }, [register, key]);
  return context?.status ?? "offline";
}
