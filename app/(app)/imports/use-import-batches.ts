"use client";

// The import list, kept fresh by live events on the imports topic: import.progress moves a
// running batch's bar in place (no request), anything else (queued, finished) re-reads the
// list from GET /api/v1/imports, coalesced.
//
// A slow fallback poll (FALLBACK_MS) remains while something is queued or running: live events
// are best effort (a publish that fails while Redis restarts is not in the stream to replay), and
// without it such a batch would read "running" until a reload. Its cost is one small request a
// minute per open Imports page, and only while imports run.
import { useCallback, useEffect, useRef, useState } from "react";
import { loginPathFor } from "@/lib/auth/safe-callback-path";
import type { ImportBatchView } from "@/lib/ingest/find-import-batches";
import { IMPORT_PROGRESS } from "@/lib/live/kinds";
import type { Page } from "@/lib/paging";
import { useLive } from "../live/live-provider";

const FALLBACK_MS = 60_000;
const COALESCE_MS = 300;

export function useImportBatches(initial: Page<ImportBatchView>) {
  const [batches, setBatches] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  // Bumped after every attempt, so that the fallback timer starts again from the last read.
  const [attempt, setAttempt] = useState(0);
  const inFlight = useRef<AbortController | null>(null);
  const coalesce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refresh = useCallback(async () => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const res = await fetch(`/api/v1/imports?page=${initial.page}&perPage=${initial.perPage}`, {
        cache: "no-store",
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
      // The session ended (signed out elsewhere, expired, disabled): sign in again, then come back.
      if (res.status === 401) {
        window.location.assign(loginPathFor(`${window.location.pathname}${window.location.search}`));
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const next = (await res.json()) as Page<ImportBatchView>;
      setBatches((shown) => keepProgress(shown, next));
      setError(null);
    } catch (err) {
      if (controller.signal.aborted) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = null;
        setAttempt((n) => n + 1);
      }
    }
  }, [initial.page, initial.perPage]);

  const refreshSoon = useCallback(() => {
    if (coalesce.current) return;
    coalesce.current = setTimeout(() => {
      coalesce.current = undefined;
      void refresh();
    }, COALESCE_MS);
  }, [refresh]);

  useLive(["imports"], (event) => {
    const id = event.data?.id;
    const progress = event.data?.progress;
    if (event.kind === IMPORT_PROGRESS && typeof id === "number" && typeof progress === "number") {
      const shown = batches.data.find((b) => b.id === id);
      if (shown) {
        setBatches((page) => ({
          ...page,
          data: page.data.map((b) =>
            b.id === id && b.status !== "completed" && b.status !== "rejected" && b.status !== "failed"
              ? { ...b, status: "running", progress: Math.max(b.progress, progress) }
              : b,
          ),
        }));
        return;
      }
    }
    refreshSoon();
  });

  const active = batches.data.some((b) => b.status === "queued" || b.status === "running");

  useEffect(() => {
    // Retry soon after a failed read; otherwise the slow fallback while something runs.
    if (!active && !error) return;
    const timer = setTimeout(() => void refresh(), error ? 5000 : FALLBACK_MS);
    return () => clearTimeout(timer);
  }, [active, error, attempt, refresh]);

  useEffect(
    () => () => {
      inFlight.current?.abort();
      clearTimeout(coalesce.current);
    },
    [],
  );

  return { batches, error, active, refresh };
}

/**
 * A re-read list, its running bars never behind what the page already showed: a progress event
 * can arrive before the worker's write of the same progress is committed, and a read in between
 * would move the bar back.
 */
function keepProgress(shown: Page<ImportBatchView>, next: Page<ImportBatchView>): Page<ImportBatchView> {
  const before = new Map(shown.data.map((b) => [b.id, b]));
  return {
    ...next,
    data: next.data.map((b) => {
      const was = before.get(b.id);
      return b.status === "running" && was?.status === "running" && was.progress > b.progress
        ? { ...b, progress: was.progress }
        : b;
    }),
  };
}
