import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import { getCaseByNumber, type CaseDetail, type CaseFinding } from "@/lib/cases/get-case-by-number";
import { AppError } from "@/lib/errors";
import { getCurrentActor } from "../../current-actor";
import { AlertKindBadge } from "../../alerts/alert-kind-badge";
import { ConfidenceBadge } from "../../alerts/confidence-badge";
import { SeverityBadge } from "../../alerts/severity-badge";
import { AttackersList } from "../attackers-list";
import { CaseStatusBadge } from "../case-status-badge";
import { InstalledVia } from "../installed-via";
import { EvidenceTable } from "./evidence-table";
import { SeenBefore } from "./seen-before";
import { PivotsPanel } from "./pivots-panel";

type Params = { params: Promise<{ caseId: string }> };

async function loadCase(caseId: string): Promise<CaseDetail> {
  try {
    return await getCaseByNumber(caseId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { caseId } = await params;
  // The title is the number only: case titles name hosts and shells, and tab titles get shared.
  return { title: /^CASE-\d{4}-\d+$/i.test(caseId) ? caseId.toUpperCase() : "Case" };
}

export default async function CasePage({ params }: Params) {
  await connection();
  await getCurrentActor();
  const kase = await loadCase((await params).caseId);

  return (
    <>
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="flex items-center gap-2 text-xs font-medium text-slate-500">
            <span data-testid="case-number">{kase.number}</span>
            <CaseStatusBadge status={kase.status} />
            {kase.severity && <SeverityBadge severity={kase.severity} />}
          </p>
          <h1 className="mt-1 text-xl font-semibold tracking-tight break-words text-slate-900">{kase.title}</h1>
        </div>
        <ButtonLink href="/cases">All cases</ButtonLink>
      </div>

      <div className="space-y-5">
        <SeenBefore kase={kase} />
        <Panel title="Summary" labelledBy="case-summary">
          <div className="p-4" data-testid="case-summary">
            <DescriptionList
              items={[
                { label: "Host", value: <span data-testid="case-host">{kase.hostName}</span> },
                { label: "Site", value: kase.site ?? "—" },
                { label: "First shell access", value: <UtcTime value={kase.firstShellAccess} /> },
                { label: "Opened", value: <UtcTime value={kase.createdAt} /> },
                { label: "Alerts", value: formatCount(kase.findings.length) },
                {
                  label: "Highest confidence",
                  value: kase.maxConfidence === null ? "—" : <ConfidenceBadge confidence={kase.maxConfidence} />,
                },
                {
                  label: "Shell location",
                  wide: true,
                  value: (
                    <span className="font-mono text-sm font-medium break-all" data-testid="case-shell">
                      {kase.shellLocation}
                    </span>
                  ),
                },
                {
                  label: "Attackers (IP and user agent as logged)",
                  wide: true,
                  value: <AttackersList attackers={kase.attackers} />,
                },
                { label: "Installed via", wide: true, value: <InstalledVia via={kase.installedVia} /> },
              ]}
            />
          </div>
        </Panel>

        <section aria-labelledby="findings-title" className="space-y-3">
          <h2 id="findings-title" className="text-base font-semibold text-slate-900">
            Findings <span className="font-normal text-slate-500">({formatCount(kase.findings.length)})</span>
          </h2>
          {kase.findings.length === 0 ? (
            <Panel>
              <EmptyState title="No findings in this case">
                Its alerts were enriched again and no longer point at this shell.
              </EmptyState>
            </Panel>
          ) : (
            kase.findings.map((f) => <FindingPanel key={f.id} finding={f} />)
          )}
        </section>

        <PivotsPanel caseId={kase.id} />
      </div>
    </>
  );
}

function FindingPanel({ finding: f }: { finding: CaseFinding }) {
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
