// The Overview: the SOC dashboard (docs/dashboard.md). The signed-in analyst's open cases and
// tasks, the queue (unassigned cases, alerts waiting for triage or not enriched), open cases by
// state and by owner, mean time to triage and to close over the last 30 days, attackers seen in
// more than one incident, recent case activity; what the instance stores below. Every number
// links to the list it counts, with the same filter.
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatDuration } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import { canAdminister } from "@/lib/auth/roles";
import { countMyOpenTasks } from "@/lib/dashboard/count-my-open-tasks";
import { findRecentActivity } from "@/lib/dashboard/find-recent-activity";
import { getAlertFigures } from "@/lib/dashboard/get-alert-figures";
import {
  DASHBOARD_WINDOW_DAYS,
  getLifecycleTimes,
  windowStart,
  type MeanTime,
} from "@/lib/dashboard/get-lifecycle-times";
import { getOpenCaseFigures } from "@/lib/dashboard/get-open-case-figures";
import { getRepeatAttackers } from "@/lib/dashboard/get-repeat-attackers";
import type { OpenStatus } from "@/lib/dashboard/summarise-open-cases";
import { findImportBatches } from "@/lib/ingest/find-import-batches";
import { getStats } from "@/lib/stats/get-stats";
import { AuditEntryLine } from "./audit/audit-entry-line";
import { BarList } from "./bar-list";
import { getCurrentActor } from "./current-actor";
import { FigureLink } from "./figure-link";
import { StorageSection } from "./storage-section";

export const metadata: Metadata = { title: "Overview" };

const RECENT_IMPORTS = 6;
const RECENT_ACTIVITY = 10;
const TOP_ATTACKERS = 5;

/** The case statuses' colours, as on their badges (app/(app)/cases/case-status-badge.tsx). */
const STATUS_TONE: Record<OpenStatus, string> = {
  new: "fill-blue-500",
  triage: "fill-amber-500",
  investigating: "fill-violet-500",
  contained: "fill-green-500",
};

function MeanTimeFigure({ label, time, href, verb }: { label: string; time: MeanTime; href: string; verb: string }) {
  return (
    <div className="px-4 py-3">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {time.meanMs === null ? <span className="text-slate-400">—</span> : formatDuration(time.meanMs)}
      </dd>
      <dd className="mt-0.5 text-xs text-slate-500">
        over{" "}
        <Link
          href={href}
          aria-label={`${label}: over ${formatCount(time.count)} cases ${verb}`}
          data-count={time.count}
          className="font-medium text-blue-700 hover:underline"
        >
          {formatCount(time.count)} {time.count === 1 ? "case" : "cases"}
        </Link>{" "}
        {verb}
      </dd>
    </div>
  );
}

export default async function OverviewPage() {
  await connection();
  const actor = await getCurrentActor();
  const now = new Date();
  const since = windowStart(now);
  const [cases, myTasks, alerts, times, attackers, activity, stats, recent] = await Promise.all([
    getOpenCaseFigures(actor.id),
    countMyOpenTasks(actor.id),
    getAlertFigures(),
    getLifecycleTimes(since),
    getRepeatAttackers(TOP_ATTACKERS),
    findRecentActivity(RECENT_ACTIVITY),
    getStats(),
    findImportBatches({ page: 1, perPage: RECENT_IMPORTS }),
  ]);
  const sinceParam = encodeURIComponent(since.toISOString());

  return (
    <>
      <PageHeader
        title="Overview"
        description="Your work, the queue and how cases move. Every number opens the list it counts. All times are UTC."
      />
      <div className="space-y-5">
        <section aria-labelledby="at-a-glance">
          <h2 id="at-a-glance" className="sr-only">
            At a glance
          </h2>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
            <FigureLink
              testId="figure-my-cases"
              label="My open cases"
              count={cases.mine}
              href="/cases?status=open&owner=mine"
              detail="owned by you, not closed"
            />
            <FigureLink
              testId="figure-my-tasks"
              label="My open tasks"
              count={myTasks}
              href="/tasks"
              detail="assigned to you, not done"
            />
            <FigureLink
              testId="figure-unassigned"
              label="Unassigned cases"
              count={cases.unassigned}
              href="/cases?status=open&owner=none"
              detail="open, with no owner"
            />
            <FigureLink
              testId="figure-alerts-triage"
              label="Alerts waiting for triage"
              count={alerts.waitingForTriage}
              href="/alerts?disposition=open"
              detail="in no case, not dismissed"
            />
            <FigureLink
              testId="figure-alerts-unenriched"
              label="Alerts not enriched"
              count={alerts.notEnriched}
              href="/alerts?state=unenriched"
              detail="pending, queued, running or failed"
            />
            <FigureLink
              testId="figure-repeat-attackers"
              label="Repeat attackers"
              count={attackers.count}
              href="/attackers?repeated=1"
              detail="seen in more than one case"
            />
          </dl>
        </section>

        <div className="grid gap-5 lg:grid-cols-2">
          <Panel
            title="Open cases by state"
            description={`${formatCount(cases.open)} open`}
            labelledBy="open-by-state"
            actions={
              <Link href="/cases?status=open" className="rounded text-xs font-medium text-blue-700 hover:underline">
                All open cases
              </Link>
            }
          >
            <BarList
              testId="open-by-state"
              noun="cases"
              bars={cases.byStatus.map((s) => ({
                key: s.status,
                label: s.status,
                count: s.count,
                href: `/cases?status=${s.status}`,
                tone: STATUS_TONE[s.status],
              }))}
            />
          </Panel>
          <Panel title="Open cases by owner" labelledBy="open-by-owner">
            {cases.byOwner.length === 0 ? (
              <EmptyState title="No open cases" />
            ) : (
              <BarList
                testId="open-by-owner"
                noun="open cases"
                bars={cases.byOwner.map((o) => ({
                  key: o.ownerId === null ? "none" : String(o.ownerId),
                  label:
                    o.ownerId === null ? "Unassigned" : o.ownerId === actor.id ? `${o.name} (you)` : (o.name ?? ""),
                  count: o.count,
                  href: `/cases?status=open&owner=${o.ownerId === null ? "none" : o.ownerId === actor.id ? "mine" : o.ownerId}`,
                  tone: o.ownerId === null ? "fill-slate-400" : "fill-blue-500",
                }))}
              />
            )}
          </Panel>
        </div>

        <div className="grid gap-5 lg:grid-cols-5">
          <Panel
            title={`Last ${DASHBOARD_WINDOW_DAYS} days`}
            description={
              <>
                From each case&apos;s status history, since <UtcTime value={since} />
              </>
            }
            labelledBy="lifecycle-times"
            className="lg:col-span-2"
          >
            <dl className="grid grid-cols-2 divide-x divide-slate-100" data-testid="lifecycle-times">
              <MeanTimeFigure
                label="Mean time to triage"
                time={times.triage}
                href={`/cases?triagedFrom=${sinceParam}`}
                verb="triaged"
              />
              <MeanTimeFigure
                label="Mean time to close"
                time={times.close}
                href={`/cases?status=closed&closedFrom=${sinceParam}`}
                verb="closed"
              />
            </dl>
            <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
              Triage: from opening to the first move out of new. Close: from opening to the close of a case still
              closed.
            </p>
          </Panel>

          <Panel
            title="Attackers seen in more than one incident"
            labelledBy="repeat-attackers"
            className="lg:col-span-3"
            actions={
              <Link href="/attackers?repeated=1" className="rounded text-xs font-medium text-blue-700 hover:underline">
                All {formatCount(attackers.count)}
              </Link>
            }
          >
            {attackers.top.length === 0 ? (
              <EmptyState title="No attacker in more than one case">
                An attacker profile (IP and user agent) linked to two cases or more shows here.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="repeat-attackers">
                {attackers.top.map((a) => (
                  <li key={a.id} className="flex items-center gap-3 px-4 py-2 text-sm">
                    <Link
                      href={`/attackers/${a.id}`}
                      className="shrink-0 font-mono text-xs text-blue-700 hover:underline"
                    >
                      {a.ip || "(no IP)"}
                    </Link>
                    <span className="min-w-0 flex-1 text-slate-600">
                      <Truncate text={a.label ?? a.userAgent} />
                    </span>
                    <span className="shrink-0 text-xs text-slate-500 tabular-nums">{formatCount(a.cases)} cases</span>
                    <span className="hidden shrink-0 text-xs text-slate-500 md:inline">
                      last <UtcTime value={a.lastSeen} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>

        <Panel
          title="Recent activity"
          description="The latest changes to cases, by people and by enrichment"
          labelledBy="recent-activity"
          actions={
            canAdminister(actor.role) ? (
              <Link href="/audit" className="rounded text-xs font-medium text-blue-700 hover:underline">
                Audit log
              </Link>
            ) : undefined
          }
        >
          {activity.length === 0 ? (
            <EmptyState title="No case activity yet" />
          ) : (
            <ol className="divide-y divide-slate-100" data-testid="recent-activity">
              {activity.map((entry) => (
                <li key={entry.id} className="px-4 py-2">
                  <AuditEntryLine entry={entry} showCase />
                </li>
              ))}
            </ol>
          )}
        </Panel>

        <StorageSection stats={stats} recent={recent} />
      </div>
    </>
  );
}
