// The case: the investigation from alert to conclusion. Sections, top to bottom: attackers seen
// before, summary (the facts beside the workflow), intrusion timeline, evidence (alerts, findings
// and their log lines), pivots, then notes beside the playbook tasks and the activity feed. Each
// section is one element below, so that other panels slot in between them.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import { findAuditEntries } from "@/lib/audit/find-audit-entries";
import { canEdit } from "@/lib/auth/roles";
import { buildCaseTimeline } from "@/lib/cases/build-case-timeline";
import { findAssignableUsers } from "@/lib/cases/find-assignable-users";
import { findCaseNotes } from "@/lib/cases/find-case-notes";
import { getCaseByNumber, type CaseDetail } from "@/lib/cases/get-case-by-number";
import { timeInStates } from "@/lib/cases/time-in-states";
import { caseTopic } from "@/lib/live/events";
import { PIVOT_PROGRESS } from "@/lib/live/kinds";
import { AppError } from "@/lib/errors";
import { mentionedUserIds } from "@/lib/notifications/mentions";
import { findMentionableUsers, findUserNames } from "@/lib/users/find-people";
import { getCurrentActor } from "../../current-actor";
import { KeepWhileEditing } from "../../live/keep-while-editing";
import { LiveRefresh } from "../../live/live-refresh";
import { ConfidenceBadge } from "../../alerts/confidence-badge";
import { SeverityBadge } from "../../alerts/severity-badge";
import { AttackersList } from "../attackers-list";
import { CaseStatusBadge } from "../case-status-badge";
import { InstalledVia } from "../installed-via";
import { CaseActivity } from "./case-activity";
import { CaseAlerts } from "./case-alerts";
import { CaseNotes } from "./case-notes";
import { CaseTasks } from "./case-tasks";
import { CaseTimeline } from "./case-timeline";
import { CaseWorkflow } from "./case-workflow";
import { FindingPanel } from "./finding-panel";
import { IncidentsPanel } from "./incidents-panel";
import { PivotsPanel } from "./pivots-panel";
import { SeenBefore } from "./seen-before";
import { TitleControl } from "./title-control";

type Params = { params: Promise<{ caseId: string }> };
type PageProps = Params & { searchParams: Promise<{ findings?: string | string[] }> };

/**
 * Finding panels shown in full unless `?findings=all`: each carries its evidence lines (~10 kB of
 * HTML), and a case hammered with hundreds of commands made a page of megabytes that took a
 * second to render (bench/scale.ts). The first ones are the file finding and the earliest
 * commands; every alert stays in the list above and in the timeline.
 */
const FINDINGS_SHOWN = 20;

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

export default async function CasePage({ params, searchParams }: PageProps) {
  await connection();
  // Signed in or redirected to the login page; the role decides which controls show.
  const actor = await getCurrentActor();
  const kase = await loadCase((await params).caseId);
  const allFindings = (await searchParams).findings === "all";
  const shownFindings = allFindings ? kase.findings : kase.findings.slice(0, FINDINGS_SHOWN);
  const editable = canEdit(actor.role);
  const [notes, activity, users, people] = await Promise.all([
    findCaseNotes({ caseId: kase.id }),
    findAuditEntries({ caseId: kase.id, page: 1, perPage: 100 }),
    editable ? findAssignableUsers().then((p) => p.data) : Promise.resolve([]),
    editable ? findMentionableUsers() : Promise.resolve([]),
  ]);
  const names = await findUserNames(
    notes.data.flatMap((n) => [n.body, ...n.revisions.map((r) => r.body)].flatMap(mentionedUserIds)),
  );
  const now = new Date();
  const times = timeInStates(kase.statusChanges, now, kase.closedAt);
  const timeline = buildCaseTimeline({
    findings: kase.findings,
    alerts: kase.alerts.map((a) => ({
      id: a.id,
      name: a.displayName ?? a.alertName ?? `Alert ${a.systemAlertId}`,
      timeGenerated: a.timeGenerated,
      processes: a.processes.map((p) => ({
        commandLine: p.commandLine,
        creationTimeUtc: p.creationTimeUtc,
        imageName: p.imageFile?.name ?? null,
      })),
    })),
    pivotRuns: kase.pivotRuns,
  });

  return (
    <>
      {/* Everything on the page follows the case; pivot progress bars move by themselves. */}
      <LiveRefresh topics={[caseTopic(kase.id)]} except={[PIVOT_PROGRESS]} />
      {/* — header — */}
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 flex-1">
          <p className="flex items-center gap-2 text-xs font-medium text-slate-500">
            <span data-testid="case-number">{kase.number}</span>
            <CaseStatusBadge status={kase.status} />
            {kase.severity && <SeverityBadge severity={kase.severity} />}
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight break-words text-slate-900" data-testid="case-title">
              {kase.title}
            </h1>
            {editable && (
              <KeepWhileEditing version={kase.version}>
                <TitleControl caseId={kase.id} version={kase.version} title={kase.title} />
              </KeepWhileEditing>
            )}
          </div>
        </div>
        <ButtonLink href="/cases">All cases</ButtonLink>
      </div>

      <div className="space-y-5">
        {/* — attackers seen before — */}
        <SeenBefore kase={kase} />

        {/* — summary — */}
        <div className="grid gap-5 xl:grid-cols-3">
          <Panel title="Summary" labelledBy="case-summary" className="xl:col-span-2">
            <div className="p-4" data-testid="case-summary">
              <DescriptionList
                columns={2}
                items={[
                  { label: "Host", value: <span data-testid="case-host">{kase.hostName}</span> },
                  { label: "Site", value: kase.site ?? "—" },
                  { label: "First shell access", value: <UtcTime value={kase.firstShellAccess} /> },
                  { label: "Opened", value: <UtcTime value={kase.createdAt} /> },
                  { label: "Alerts", value: formatCount(Math.max(kase.alerts.length, kase.findings.length)) },
                  {
                    label: "Highest confidence",
                    value: kase.maxConfidence === null ? "—" : <ConfidenceBadge confidence={kase.maxConfidence} />,
                  },
                  {
                    label: "Shell location",
                    wide: true,
                    value: kase.shellLocation ? (
                      <span className="font-mono text-sm font-medium break-all" data-testid="case-shell">
                        {kase.shellLocation}
                      </span>
                    ) : (
                      <span className="text-slate-500">not determined (no finding)</span>
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
          <CaseWorkflow kase={kase} actor={actor} editable={editable} users={users} times={times} />
        </div>

        {/* — timeline — */}
        <CaseTimeline events={timeline} />

        {/* — evidence — */}
        <section aria-labelledby="evidence-title" className="space-y-3">
          <h2 id="evidence-title" className="text-base font-semibold text-slate-900">
            Evidence
          </h2>
          <CaseAlerts alerts={kase.alerts} />
          <h3 className="pt-1 text-sm font-semibold text-slate-900">
            Findings <span className="font-normal text-slate-500">({formatCount(kase.findings.length)})</span>
          </h3>
          {kase.findings.length === 0 ? (
            <Panel>
              <EmptyState title="No findings in this case">
                Enrichment found no shell for its alerts, or they were enriched again and no longer point at it.
              </EmptyState>
            </Panel>
          ) : (
            <div className="space-y-3" data-testid="case-findings">
              {shownFindings.map((f) => (
                <FindingPanel key={f.id} finding={f} />
              ))}
              {shownFindings.length < kase.findings.length && (
                <p className="text-sm text-slate-600" data-testid="case-findings-more">
                  Showing the first {formatCount(shownFindings.length)} of {formatCount(kase.findings.length)} findings.{" "}
                  <Link
                    href={`/cases/${kase.number}?findings=all#evidence-title`}
                    className="font-medium text-blue-700 hover:underline"
                  >
                    Show all {formatCount(kase.findings.length)}
                  </Link>
                </p>
              )}
            </div>
          )}
        </section>

        {/* — Sentinel incidents — */}
        <IncidentsPanel caseId={kase.id} editable={editable} />

        {/* — pivots — */}
        <PivotsPanel caseId={kase.id} editable={editable} />

        {/* — notes, tasks, activity — */}
        <div className="grid gap-5 xl:grid-cols-3">
          <div className="xl:col-span-2">
            <CaseNotes
              caseId={kase.id}
              notes={notes.data}
              actor={actor}
              editable={editable}
              people={people}
              names={names}
            />
          </div>
          <div className="space-y-5">
            <CaseTasks tasks={kase.tasks} users={users} editable={editable} />
            <CaseActivity activity={activity} />
          </div>
        </div>
      </div>
    </>
  );
}
