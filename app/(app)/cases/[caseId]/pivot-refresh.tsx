"use client";
// While a pivot run is queued or running, re-render the case page every few seconds so its result
// appears without a reload. Stops as soon as no run is active (the server says so).
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function PivotRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
