// The case's attacker pivots: every run, newest first, with what it asked and what it found —
// the files requested before the shell, the first access, the timeline with 404 bursts and
// uploads marked, and the attacker on other hosts or sites — plus the form to run another.
// URIs and user agents are attacker-controlled: they render as text only, never as links or markup.
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import { defaultPivotParamsForCase } from "@/lib/pivots/default-pivot-params-for-case";
import { findPivotRuns, type PivotRunView } from "@/lib/pivots/find-pivot-runs";
import { DEFAULT_LOOKBACK, DEFAULT_WINDOW, WINDOW_PRESETS } from "@/lib/pivots/parse-duration";
import type { PivotParams } from "@/lib/pivots/pivot-params";
import type { PivotResult, TimelineEntry } from "@/lib/pivots/pivot-result";
import { PivotForm, type PivotFormDefaults } from "./pivot-form";
import { PivotProgress } from "./pivot-progress";

const STATUS_TONE: Record<PivotRunView["status"], BadgeTone> = {
  queued: "blue",
  running: "amber",
  done: "green",
  failed: "red",
};

/** Timeline rows shown per run: those nearest the anchor (the CLI's --timeline --json has them all). */
const TIMELINE_SHOWN_BEFORE = 200;
const TIMELINE_SHOWN_AFTER = 100;

function formDefaults(p: PivotParams | null): PivotFormDefaults {
  return {
    host: p?.host ?? "",
    site: p?.site ?? "",
    ip: p?.ip ?? "",
    userAgent: p?.userAgent ?? "",
    anchor: p?.anchor ?? "",
    window: p?.window ?? DEFAULT_WINDOW,
    lookback: p?.lookback ?? DEFAULT_LOOKBACK,
    allRequests: p?.allRequests ?? false,
  };
}

/** `editable`: the form to run a pivot (analysts and admins; the action refuses viewers anyway). */
export async function PivotsPanel({ caseId, editable }: { caseId: number; editable: boolean }) {
  const [runs, defaults] = await Promise.all([findPivotRuns(caseId), defaultPivotParamsForCase(caseId)]);
  return (
    <Panel
      title="Attacker pivots"
      labelledBy="pivots-title"
      description="The attacker's requests on this host and site before the shell, their first access, timeline, and other hosts they reached."
      actions={<Badge>{formatCount(runs.count)} run(s)</Badge>}
    >
      <div data-testid="pivots-panel">
        {editable && (
          <PivotForm
            caseId={caseId}
            defaults={formDefaults(runs.data.find((r) => r.params)?.params ?? defaults)}
            windowPresets={WINDOW_PRESETS}
          />
        )}
        <div className="border-t border-slate-200">
          {runs.data.length === 0 ? (
            <EmptyState title="No pivot has run for this case">
              {defaults
                ? `The default pivot is queued when enrichment puts a finding here${editable ? "; run one with the form above" : ""}.`
                : "No finding of this case has a first shell access and an attacker to pivot on; give them above."}
            </EmptyState>
          ) : (
            <ol className="divide-y divide-slate-200">
              {runs.data.map((run, i) => (
                <PivotRunItem key={run.id} run={run} open={i === 0} caseId={caseId} />
              ))}
            </ol>
          )}
          {runs.count > runs.data.length && (
            <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
              Showing the {formatCount(runs.data.length)} newest of {formatCount(runs.count)} runs.
            </p>
          )}
        </div>
      </div>
    </Panel>
  );
}

function criterion(p: PivotParams): string {
  return p.ip && p.userAgent ? "IP and user agent" : p.ip ? "IP" : "user agent";
}

function PivotRunItem({ run, open, caseId }: { run: PivotRunView; open: boolean; caseId: number }) {
  const p = run.params;
  return (
    <li data-testid="pivot-run" data-status={run.status} data-run-id={run.id}>
      <details open={open} className="group">
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm hover:bg-slate-50">
          <span className="font-medium text-slate-900">Run #{run.id}</span>
          <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>
          {p ? (
            <span className="min-w-0 text-slate-700">
              by {criterion(p)} · {p.window} before <UtcTime value={p.anchor} /> · {p.host} {p.site}
              {p.allRequests ? " · every request" : " · script resources"}
            </span>
          ) : (
            <span className="text-slate-500">parameters not readable</span>
          )}
          <span className="ml-auto text-xs text-slate-500">
            {run.requestedBy ? `${run.requestedBy}, ` : "automatic, "}
            <UtcTime value={run.createdAt} />
          </span>
        </summary>
        <div className="space-y-4 px-4 pt-1 pb-4">
          {p && <RunParams p={p} />}
          {run.status === "failed" && (
            <p className="text-sm break-words text-red-700" data-testid="pivot-run-error">
              {run.error ?? "The run failed."}
            </p>
          )}
          {(run.status === "queued" || run.status === "running") && (
            <div className="space-y-1.5">
              <p className="text-sm text-slate-600">
                The worker is {run.status === "queued" ? "about to run" : "running"} this pivot…
              </p>
              <PivotProgress caseId={caseId} runId={run.id} status={run.status} />
            </div>
          )}
          {run.status === "done" && run.result && p && <RunResult result={run.result} anchor={p.anchor} />}
          {run.status === "done" && !run.result && (
            <p className="text-sm text-slate-600">{run.error ?? "No result stored."}</p>
          )}
        </div>
      </details>
    </li>
  );
}

function RunParams({ p }: { p: PivotParams }) {
  return (
    <dl className="grid gap-x-6 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
      {p.ip && (
        <>
          <dt className="text-slate-500">IP</dt>
          <dd className="font-mono text-slate-900">{p.ip}</dd>
        </>
      )}
      {p.userAgent && (
        <>
          <dt className="text-slate-500">User agent</dt>
          <dd className="font-mono break-all text-slate-900">{p.userAgent}</dd>
        </>
      )}
      <dt className="text-slate-500">First access within</dt>
      <dd className="text-slate-900">{p.lookback}</dd>
    </dl>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="min-w-0">
      <h3 className="pb-1.5 text-xs font-semibold tracking-wide text-slate-700 uppercase">{title}</h3>
      <div className="overflow-hidden rounded-md border border-slate-200">{children}</div>
    </section>
  );
}

function RunResult({ result, anchor }: { result: PivotResult; anchor: string }) {
  const t = result.timeline;
  const after = t.requests.findIndex((r) => r.time > anchor);
  const split = after === -1 ? t.requests.length : after;
  const from = Math.max(0, split - TIMELINE_SHOWN_BEFORE);
  const shown = t.requests.slice(from, split + TIMELINE_SHOWN_AFTER);
  return (
    <>
      <div className="text-sm" data-testid="pivot-first-access">
        <span className="text-xs font-medium text-slate-500">First access: </span>
        {result.firstAccess ? (
          <>
            <UtcTime value={result.firstAccess.time} />{" "}
            <span className="font-mono text-xs break-all text-slate-900">{result.firstAccess.uri ?? "—"}</span>
          </>
        ) : (
          <span className="text-slate-500">none within the lookback</span>
        )}
      </div>

      <Section title={`Files before the shell (${formatCount(result.filesBefore.length)})`} testId="pivot-files-before">
        {result.filesBefore.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-500">No request by the attacker in the window.</p>
        ) : (
          <Table caption="Requests by the attacker in the window before the first shell access">
            <thead>
              <tr>
                <Th className="w-40">Time</Th>
                <Th className="w-20">Method</Th>
                <Th numeric className="w-16">
                  Status
                </Th>
                <Th>URI</Th>
                <Th className="w-36">Client IP</Th>
                <Th className="w-64">User agent</Th>
              </tr>
            </thead>
            <tbody>
              {result.filesBefore.map((r, i) => (
                <tr
                  key={`${r.time}:${i}`}
                  data-testid="pivot-file-before"
                  className={r.time === anchor ? "bg-amber-50" : "hover:bg-slate-50"}
                >
                  <Td>
                    <UtcTime value={r.time} />
                  </Td>
                  <Td className="font-mono text-xs">{r.method ?? "—"}</Td>
                  <Td numeric>{r.status ?? "—"}</Td>
                  <Td>
                    <Truncate text={r.uri} mono className="text-slate-900" />
                  </Td>
                  <Td>
                    <Truncate text={r.ip} mono />
                  </Td>
                  <Td>
                    <Truncate text={r.userAgent} mono className="text-slate-600" />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>

      <Section
        title={`Timeline (${formatCount(t.requests.length)} request(s)${t.truncated ? ", truncated" : ""}, ${formatCount(t.bursts.length)} 404 burst(s))`}
        testId="pivot-timeline"
      >
        {t.bursts.length > 0 && (
          <ul className="flex flex-wrap gap-2 border-b border-slate-200 px-3 py-2 text-xs text-slate-700">
            {t.bursts.map((b) => (
              <li key={b.index} data-testid="pivot-burst">
                <Badge tone="red">burst {b.index + 1}</Badge> {formatCount(b.count)} 404s, <UtcTime value={b.start} /> →{" "}
                <UtcTime value={b.end} />
              </li>
            ))}
          </ul>
        )}
        {t.requests.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-500">No request by the attacker on this host and site.</p>
        ) : (
          <>
            {shown.length < t.requests.length && (
              <p className="border-b border-slate-200 px-3 py-1.5 text-xs text-slate-500">
                Showing the {formatCount(shown.length)} requests nearest the anchor.
              </p>
            )}
            <div className="max-h-96 overflow-y-auto">
              <Table caption="The attacker's requests on this host and site, in time order">
                <thead>
                  <tr>
                    <Th className="w-40">Time</Th>
                    <Th className="w-20">Method</Th>
                    <Th numeric className="w-16">
                      Status
                    </Th>
                    <Th className="w-36">Marks</Th>
                    <Th>URI</Th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r, i) => (
                    <TimelineRow key={`${r.time}:${i}`} r={r} />
                  ))}
                </tbody>
              </Table>
            </div>
          </>
        )}
      </Section>

      <Section
        title={`Elsewhere (${formatCount(result.elsewhere.sites.length)} host/site(s)${result.elsewhere.truncated ? ", counts are lower bounds" : ""})`}
        testId="pivot-elsewhere"
      >
        {result.elsewhere.sites.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-500">Not seen on any other host or site.</p>
        ) : (
          <Table caption="The same attacker on other hosts or sites">
            <thead>
              <tr>
                <Th>Host</Th>
                <Th>Site</Th>
                <Th numeric className="w-24">
                  Requests
                </Th>
                <Th className="w-40">First</Th>
                <Th className="w-40">Last</Th>
              </tr>
            </thead>
            <tbody>
              {result.elsewhere.sites.map((s) => (
                <tr key={`${s.host}\u0000${s.site}`} data-testid="pivot-elsewhere-row" className="hover:bg-slate-50">
                  <Td>
                    <Truncate text={s.host} mono />
                  </Td>
                  <Td>
                    <Truncate text={s.site} mono />
                  </Td>
                  <Td numeric>{formatCount(s.requests)}</Td>
                  <Td>
                    <UtcTime value={s.first} />
                  </Td>
                  <Td>
                    <UtcTime value={s.last} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
    </>
  );
}

function TimelineRow({ r }: { r: TimelineEntry }) {
  const uri = r.query ? `${r.uri ?? ""}?${r.query}` : r.uri;
  return (
    <tr
      data-testid="pivot-timeline-row"
      data-upload={r.upload || undefined}
      data-burst={r.burst ?? undefined}
      className={r.burst !== null ? "bg-red-50/60" : r.upload ? "bg-amber-50" : "hover:bg-slate-50"}
    >
      <Td>
        <UtcTime value={r.time} />
      </Td>
      <Td className="font-mono text-xs">{r.method ?? "—"}</Td>
      <Td numeric>{r.status ?? "—"}</Td>
      <Td>
        <span className="flex flex-wrap gap-1">
          {r.upload ? <Badge tone="amber">upload</Badge> : r.write ? <Badge>write</Badge> : null}
          {r.burst !== null && <Badge tone="red">404 burst {r.burst + 1}</Badge>}
        </span>
      </Td>
      <Td>
        <Truncate text={uri} mono className="text-slate-900" />
      </Td>
    </tr>
  );
}
