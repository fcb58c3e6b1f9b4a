import { UtcTime } from "@/components/ui/utc-time";
import type { InstalledVia as InstalledViaValue } from "@/lib/findings/parse-finding-json";

/** The request that most likely installed the shell, as logged. Text only: attacker-controlled. */
export function InstalledVia({ via }: { via: InstalledViaValue | null }) {
  if (!via) return <span className="text-slate-500">not determined (needs a file alert and the logs before it)</span>;
  return (
    <div className="space-y-0.5" data-testid="installed-via">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-mono text-sm break-all">
          {via.method ?? "?"} {via.uri}
        </span>
        <span className="text-xs text-slate-500">
          at <UtcTime value={via.time} /> from <span className="font-mono">{via.ip ?? "(no client IP)"}</span>
        </span>
      </p>
      {via.userAgent && <p className="font-mono text-xs break-all text-slate-600">{via.userAgent}</p>}
    </div>
  );
}
