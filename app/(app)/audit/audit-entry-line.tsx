// One audit entry as a line of the activity feed or the audit page: who, what (in words),
// when, and the recorded values that matter, as text.
import Link from "next/link";
import { UtcTime } from "@/components/ui/utc-time";
import type { AuditEntryItem } from "@/lib/audit/find-audit-entries";
import { describeAuditEntry } from "@/lib/audit/describe-audit-entry";

export function AuditEntryLine({ entry, showCase = false }: { entry: AuditEntryItem; showCase?: boolean }) {
  const { summary, details } = describeAuditEntry(entry);
  return (
    <div className="min-w-0 text-sm" data-testid="audit-entry" data-action={entry.action}>
      <p className="text-slate-800">
        <span className="font-medium text-slate-900">{entry.actorId === null ? "Shellcase" : entry.actorLabel}</span>{" "}
        {summary}
        {showCase && entry.caseNumber && (
          <>
            {" "}
            in{" "}
            <Link href={`/cases/${entry.caseNumber}`} className="font-medium text-blue-700 hover:underline">
              {entry.caseNumber}
            </Link>
          </>
        )}
      </p>
      <p className="text-xs text-slate-500">
        <UtcTime value={entry.at} /> · <span className="font-mono">{entry.action}</span>
      </p>
      {details.map((d) => (
        <p key={d.label} className="mt-0.5 text-xs text-slate-600">
          <span className="text-slate-500">{d.label}:</span>{" "}
          <span className="line-clamp-3 break-words whitespace-pre-wrap" title={d.value}>
            {d.value}
          </span>
        </p>
      ))}
    </div>
  );
}
