"use client";
// Re-renders the page's server components when something it shows changes: router.refresh() on
// any live event of `topics`. router.refresh keeps client state (a half-typed comment, an open
// menu, a selection), so an update never loses what the user is doing.
//
// Coalesced: the first event refreshes after DELAY_MS, events meanwhile join it, and refreshes
// are at least MIN_GAP_MS apart, so a burst (200 alerts enriched) costs a few renders, not 200.
// A hidden tab waits until it is shown again.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { useLive } from "./live-provider";

const DELAY_MS = 300;
const MIN_GAP_MS = 1000;

/** `except`: kinds a component of the page shows by itself (progress), which need no re-render. */
export function LiveRefresh({ topics, except = [] }: { topics: readonly string[]; except?: readonly string[] }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const last = useRef(0);
  const waitingForTab = useRef(false);

  const schedule = useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(DELAY_MS, last.current + MIN_GAP_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      if (document.hidden) {
        waitingForTab.current = true;
        return;
      }
      last.current = Date.now();
      router.refresh();
    }, wait);
  }, [router]);

  useLive(topics, (event) => {
    if (!except.includes(event.kind)) schedule();
  });

  useEffect(() => {
    const onVisible = () => {
      if (!document.hidden && waitingForTab.current) {
        waitingForTab.current = false;
        schedule();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [schedule]);

  return null;
}
