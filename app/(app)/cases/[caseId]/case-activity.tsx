import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import type { AuditEntryItem } from "@/lib/audit/find-audit-entries";
import type { Page } from "@/lib/paging";
import { AuditEntryLine } from "../../audit/audit-entry-line";

/** The case's audit entries, newest first: every change, by whom and when. */
export function CaseActivity({ activity }: { activity: Page<AuditEntryItem> }) {
  return (
    <Panel
      title="Activity"
      labelledBy="case-activity"
      description={
        activity.count > activity.data.length
          ? `Latest ${formatCount(activity.data.length)} of ${formatCount(activity.count)} changes`
          : "Every change to the case, newest first"
      }
    >
      {activity.data.length === 0 ? (
        <EmptyState title="No recorded change yet" />
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="case-activity">
          {activity.data.map((e) => (
            <li key={e.id} className="px-4 py-2">
              <AuditEntryLine entry={e} />
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
