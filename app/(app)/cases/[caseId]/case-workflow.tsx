// Where the case stands and what can be done with it: status and the lifecycle moves, owner,
// severity, tags, watchers, the decision once closed, and how long it spent in each state.
// Controls only for those who can edit; the server refuses everyone else anyway.
import { Badge } from "@/components/ui/badge";
import { formatDuration } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import type { Actor } from "@/lib/auth/roles";
import { allowedTransitions, CASE_STATUSES } from "@/lib/cases/case-lifecycle";
import type { AssignableUser } from "@/lib/cases/find-assignable-users";
import type { CaseDetail } from "@/lib/cases/get-case-by-number";
import type { TimeInStates } from "@/lib/cases/time-in-states";
import type { ReactNode } from "react";
import { SeverityBadge } from "../../alerts/severity-badge";
import { CaseStatusBadge } from "../case-status-badge";
import { CLASSIFICATION_LABEL } from "../classification-label";
import { OwnerControl } from "./owner-control";
import { SeverityControl } from "./severity-control";
import { KeepWhileEditing } from "../../live/keep-while-editing";
import { StatusControls } from "./status-controls";
import { TagsControl } from "./tags-control";
import { WatchControl } from "./watch-control";

export function CaseWorkflow({
  kase,
  actor,
  editable,
  users,
  times,
}: {
  kase: CaseDetail;
  actor: Actor | null;
  editable: boolean;
  users: AssignableUser[];
  times: TimeInStates;
}) {
  const watching = !!actor && kase.watchers.some((w) => w.user.id === actor.id);
  // Keyed by the version: after any change (or a reload after a conflict) the controls start
  // again from what the server now says.
  const v = kase.version;
  return (
    <Panel title="Workflow" labelledBy="case-workflow" className="h-full">
      <dl className="divide-y divide-slate-100 text-sm" data-testid="case-workflow">
        <Row label="Status">
          <div className="flex flex-wrap items-center gap-2">
            <CaseStatusBadge status={kase.status} />
            <span className="text-xs text-slate-500">
              since <UtcTime value={kase.statusChangedAt} />
            </span>
          </div>
          {editable && (
            <div className="mt-2">
              <KeepWhileEditing version={v}>
                <StatusControls
                  caseId={kase.id}
                  version={v}
                  status={kase.status}
                  allowed={allowedTransitions(kase.status)}
                />
              </KeepWhileEditing>
            </div>
          )}
        </Row>
        {kase.status === "closed" && (
          <Row label="Decision">
            <p data-testid="case-classification" className="font-medium">
              {kase.classification ? CLASSIFICATION_LABEL[kase.classification] : "—"}
            </p>
            {kase.conclusion && <Markdown text={kase.conclusion} className="mt-1" />}
          </Row>
        )}
        <Row label="Owner">
          <p data-testid="case-owner">{kase.owner ? kase.owner.name || kase.owner.email : "Unassigned"}</p>
          {editable && actor && (
            <div className="mt-1.5">
              <KeepWhileEditing version={v}>
                <OwnerControl caseId={kase.id} version={v} owner={kase.owner} users={users} actorId={actor.id} />
              </KeepWhileEditing>
            </div>
          )}
        </Row>
        <Row label="Severity">
          <span data-testid="case-severity">
            <SeverityBadge severity={kase.severity} />
          </span>
          {editable && (
            <div className="mt-1.5">
              <KeepWhileEditing version={v}>
                <SeverityControl caseId={kase.id} version={v} severity={kase.severity} />
              </KeepWhileEditing>
            </div>
          )}
        </Row>
        <Row label="Tags">
          {editable ? (
            <KeepWhileEditing version={v}>
              <TagsControl caseId={kase.id} version={v} tags={kase.tags} />
            </KeepWhileEditing>
          ) : kase.tags.length ? (
            <ul className="flex flex-wrap gap-1">
              {kase.tags.map((t) => (
                <li key={t}>
                  <Badge>{t}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-slate-400">none</span>
          )}
        </Row>
        <Row label="Watchers">
          <div className="flex flex-wrap items-center gap-2">
            <span data-testid="case-watchers">
              {kase.watchers.length ? kase.watchers.map((w) => w.user.name || w.user.email).join(", ") : "nobody"}
            </span>
            {editable && <WatchControl caseId={kase.id} watching={watching} />}
          </div>
        </Row>
        <Row label="Age">
          <p>
            <span data-testid="case-age">{formatDuration(times.ageMs)}</span>{" "}
            <span className="text-xs text-slate-500">
              opened <UtcTime value={kase.createdAt} />
              {kase.closedAt && (
                <>
                  , closed <UtcTime value={kase.closedAt} />
                </>
              )}
            </span>
          </p>
          <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600" data-testid="time-in-states">
            {CASE_STATUSES.filter((s) => times.byStatus[s] !== undefined).map((s) => (
              <li key={s}>
                {s}{" "}
                <span className="font-medium text-slate-800 tabular-nums">{formatDuration(times.byStatus[s]!)}</span>
                {s === kase.status && <span className="text-slate-400"> (now)</span>}
              </li>
            ))}
          </ul>
        </Row>
      </dl>
    </Panel>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6rem_minmax(0,1fr)] gap-3 px-4 py-2.5">
      <dt className="pt-0.5 text-xs font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </div>
  );
}
