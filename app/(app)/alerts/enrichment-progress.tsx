// The alert queue's "Enriching 57 of 200 alerts" bar while enrichment runs. Server-rendered: the
// page re-renders on every alert enriched (LiveRefresh on the alerts topic), so the bar moves.
import { formatCount } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { EnrichmentProgress as Progress } from "@/lib/alerts/get-enrichment-progress";

export function EnrichmentProgress({ progress }: { progress: Progress | null }) {
  if (!progress) return null;
  const { done, total, running } = progress;
  return (
    <div
      role="status"
      data-testid="enrichment-progress"
      data-done={done}
      data-total={total}
      className="mb-4 flex items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-950"
    >
      <span className="shrink-0">
        Enriching alerts: {formatCount(done)} of {formatCount(total)} done
        {running > 0 ? ` · ${formatCount(running)} running` : ""}
      </span>
      <ProgressBar value={total ? done / total : 0} label="Enrichment progress" className="max-w-md flex-1" />
    </div>
  );
}
