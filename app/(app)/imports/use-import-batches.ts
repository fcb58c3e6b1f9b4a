"use client";

// The import list, kept fresh while something is queued or running: polls GET /api/v1/imports
// every POLL_MS and stops as soon as no import is queued or running.
import { useCallback, useEffect, useRef, useState } from "react";
import { loginPathFor } from "@/lib/auth/safe-callback-path";
import type { ImportBatchView } from "@/lib/ingest/find-import-batches";
import type { Page } from "@/lib/paging";

const POLL_MS = 1500;

export function useImportBatches(initial: Page<ImportBatchView>) {
  const [batches, setBatches] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  // Bumped after every attempt, so a failed poll is retried instead of ending the loop.
  const [attempt, setAttempt] = useState(0);
  const inFlight = useRef<AbortController | null>(null);

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
      setBatches((await res.json()) as Page<ImportBatchView>);
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

  const active = batches.data.some((b) => b.status === "queued" || b.status === "running");

  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => void refresh(), POLL_MS);
    return () => clearTimeout(timer);
  }, [active, attempt, refresh]);

  useEffect(() => () => inFlight.current?.abort(), []);

  return { batches, error, active, refresh };
}
