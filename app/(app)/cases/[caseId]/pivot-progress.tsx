"use client";
// A queued or running pivot's progress bar, moved by the worker's pivot.progress events on the
// case's topic (queued, running, evidence at hand, done). The page re-renders on pivot.finished
// (LiveRefresh) and shows the result instead.
import { useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import { caseTopic } from "@/lib/live/events";
import { PIVOT_PROGRESS } from "@/lib/live/kinds";
import { useLive } from "../../live/live-provider";

export function PivotProgress({ caseId, runId, status }: { caseId: number; runId: number; status: string }) {
  const [progress, setProgress] = useState(status === "running" ? 0.05 : 0);
  useLive([caseTopic(caseId)], (event) => {
    if (event.kind === PIVOT_PROGRESS && event.data?.id === runId && typeof event.data.progress === "number") {
      setProgress(event.data.progress);
    }
  });
  return (
    <div className="flex items-center gap-2" data-testid="pivot-progress" data-progress={progress}>
      <ProgressBar value={progress} label={`Progress of pivot run #${runId}`} className="max-w-xs flex-1" />
      <span className="text-xs text-slate-600 tabular-nums">{Math.round(progress * 100)}%</span>
    </div>
  );
}
