// One alert's finding: what enrichment concluded, with its confidence, the reasons, and the log
// lines that support it.
import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { DescriptionList } from "@/components/ui/description-list";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import type { CaseFinding } from "@/lib/cases/get-case-by-number";
import { AlertKindBadge } from "../../alerts/alert-kind-badge";
import { ConfidenceBadge } from "../../alerts/confidence-badge";
import { EvidenceTable } from "./evidence-table";

export function FindingPanel({ finding: f }: { finding: CaseFinding }) {
  const alertName = f.alert.displayName ?? f.alert.alertName ?? `Alert ${f.alert.systemAlertId}`;
  const titleId = `finding-${f.id}`;
  return (
    <Panel
      labelledBy={titleId}
      title={
        <Link href={`/alerts/${f.alert.id}`} className="rounded text-slate-900 hover:text-blue-700 hover:underline">
          {alertName}
        </Link>
      }
      description={
        <>
          Alert generated <UtcTime value={f.alert.timeGenerated} /> · {f.alert.systemAlertId}
        </>
      }
      actions={
        <>
          <AlertKindBadge kind={f.kind} />
          <ConfidenceBadge confidence={f.confidence} />
        </>
      }
    >
      <div data-testid="finding" data-kind={f.kind}>
        <div className="grid gap-5 p-4 lg:grid-cols-2">
          <DescriptionList
            columns={2}
            className="content-start"
            items={[
              ...(f.kind === "command"
                ? [
                    { label: "Command line", wide: true, value: <CodeBlock text={f.commandLine} /> },
                    { label: "Process created", value: <UtcTime value={f.processCreatedAt} /> },
                  ]
                : [{ label: "File created", value: <UtcTime value={f.fileCreatedAt} /> }]),
              { label: "First shell access", value: <UtcTime value={f.firstShellAccess} /> },
            ]}
          />
          <div className="min-w-0">
            <h3 className="text-xs font-medium text-slate-500">Why</h3>
            <ul className="mt-1 list-disc space-y-1 pl-4 text-sm text-slate-800" data-testid="finding-reasons">
              {f.reasons.map((r, i) => (
                <li key={i} className="break-words">
                  {r}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div className="border-t border-slate-200">
          <h3 className="px-4 pt-3 pb-1.5 text-xs font-semibold tracking-wide text-slate-700 uppercase">
            Supporting log lines ({formatCount(f.evidence.length)})
          </h3>
          {f.evidence.length === 0 ? (
            <p className="px-4 pb-3 text-sm text-slate-500">No log line was kept for this finding.</p>
          ) : (
            <EvidenceTable evidence={f.evidence} caption={`Web requests supporting the finding of ${alertName}`} />
          )}
        </div>
      </div>
    </Panel>
  );
}
