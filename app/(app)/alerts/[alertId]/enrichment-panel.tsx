import Link from "next/link";
import { Code } from "@/components/ui/code";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { formatPercent } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { AlertDetail } from "@/lib/alerts/get-alert-by-id";
import { AttackersList } from "../../cases/attackers-list";
import { CaseStatusBadge } from "../../cases/case-status-badge";
import { InstalledVia } from "../../cases/installed-via";
import { ConfidenceBadge } from "../confidence-badge";
import { EnrichmentStateBadge } from "../enrichment-state-badge";

const OUTCOME_LABEL: Record<string, string> = {
  finding: "Finding",
  no_confident_finding: "No confident finding",
  no_candidates: "No candidate",
  no_web_logs: "No web logs",
  not_applicable: "Not a web shell alert",
};

/** What Shellcase's default-mode enrichment concluded: outcome, finding and scored candidates. */
export function EnrichmentPanel({ alert }: { alert: AlertDetail }) {
  const e = alert.enrichment;
  const f = alert.finding;
  return (
    <Panel
      title="Shellcase enrichment"
      description="Default mode: anchored on the process or file creation time, hosts matched in any case"
      labelledBy="enrichment"
      actions={<EnrichmentStateBadge state={alert.enrichmentState} error={alert.enrichmentError} />}
    >
      <div className="space-y-4 p-4">
        {alert.enrichmentState === "failed" && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            <span className="font-semibold">Enrichment failed: </span>
            <span className="break-words whitespace-pre-wrap" data-testid="enrichment-error">
              {alert.enrichmentError ?? "no error message was recorded"}
            </span>
          </div>
        )}
        {e ? (
          <DescriptionList
            columns={2}
            items={[
              { label: "Outcome", value: OUTCOME_LABEL[e.outcome] ?? e.outcome },
              { label: "Enriched", value: <UtcTime value={alert.enrichedAt} /> },
              {
                label: "Message",
                wide: true,
                value: (
                  <span className="break-words" data-testid="enrichment-message">
                    {e.message}
                  </span>
                ),
              },
              ...(e.outcome === "not_applicable"
                ? []
                : [
                    {
                      label: "Anchor time",
                      value: <UtcTime value={e.anchor} />,
                    },
                    {
                      label: "Web log hosts",
                      value: e.webHosts.length ? <Truncate text={e.webHosts.join(", ")} /> : "none matched",
                    },
                  ]),
            ]}
          />
        ) : (
          <p className="text-sm text-slate-600">
            {alert.enrichmentState === "queued" || alert.enrichmentState === "running" ? (
              "Enrichment is under way; reload the page in a moment."
            ) : (
              <>
                Not enriched yet: start the worker (<Code>npm run worker</Code>) or run{" "}
                <Code>npm run -s cli -- enrich</Code>.
              </>
            )}
          </p>
        )}

        {f && (
          <section
            aria-labelledby="finding-title"
            className="rounded-md border border-slate-200 bg-slate-50/60 p-3"
            data-testid="alert-finding-detail"
          >
            <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
              <h3 id="finding-title" className="text-sm font-semibold text-slate-900">
                Finding
              </h3>
              {f.case && (
                <span className="flex items-center gap-2 text-sm">
                  <Link href={`/cases/${f.case.number}`} className="rounded font-medium text-blue-700 hover:underline">
                    {f.case.number}
                  </Link>
                  <CaseStatusBadge status={f.case.status} />
                </span>
              )}
            </div>
            <DescriptionList
              columns={2}
              items={[
                {
                  label: "Shell location",
                  wide: true,
                  value: <span className="font-mono text-sm break-all">{f.shellLocation}</span>,
                },
                { label: "Host · site", value: `${f.hostName}${f.site ? ` · ${f.site}` : ""}` },
                { label: "Confidence", value: <ConfidenceBadge confidence={f.confidence} /> },
                { label: "First shell access", value: <UtcTime value={f.firstShellAccess} /> },
                {
                  label: f.kind === "file" ? "File created" : "Process created",
                  value: <UtcTime value={f.kind === "file" ? f.fileCreatedAt : f.processCreatedAt} />,
                },
                { label: "Attackers", wide: true, value: <AttackersList attackers={f.attackers} /> },
                ...(f.kind === "file"
                  ? [{ label: "Installed via", wide: true, value: <InstalledVia via={f.installedVia} /> }]
                  : []),
                {
                  label: "Why",
                  wide: true,
                  value: (
                    <ul className="list-disc space-y-0.5 pl-4 text-sm text-slate-700" data-testid="finding-reasons">
                      {f.reasons.map((r, i) => (
                        <li key={i} className="break-words">
                          {r}
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          </section>
        )}
      </div>

      {e && (e.candidates.length > 0 || alert.kind === "command") && (
        <div className="border-t border-slate-200">
          <h3 className="px-4 pt-3 pb-1.5 text-xs font-semibold tracking-wide text-slate-700 uppercase">
            Scored candidate pages
          </h3>
          {e.candidates.length === 0 ? (
            <EmptyState title="No page was scored">{e.message}</EmptyState>
          ) : (
            <Table caption="Candidate shell pages, best first">
              <thead>
                <tr>
                  <Th>Page and reasons</Th>
                  <Th numeric className="w-16">
                    Score
                  </Th>
                  <Th numeric className="w-24">
                    Confidence
                  </Th>
                </tr>
              </thead>
              <tbody>
                {e.candidates.map((c) => {
                  const chosen = f?.shellLocation === c.uriStem && f.hostName === c.host;
                  return (
                    <tr
                      key={`${c.host}\u0000${c.site}\u0000${c.uriStem}`}
                      className={chosen ? "bg-emerald-50/60 align-top" : "align-top"}
                      data-testid="candidate-row"
                    >
                      <Td>
                        <Truncate text={c.uriStem} mono className="font-medium text-slate-900" />
                        <p className="text-xs text-slate-500">
                          {c.host}
                          {c.site && ` · ${c.site}`}
                          {chosen && <span className="font-medium text-emerald-800"> · the finding</span>}
                        </p>
                        {c.reasons.length > 0 && (
                          <ul className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-slate-600">
                            {c.reasons.map((r, i) => (
                              <li key={i} className="break-words">
                                {r}
                              </li>
                            ))}
                          </ul>
                        )}
                      </Td>
                      <Td numeric>{c.score}</Td>
                      <Td numeric title={String(c.confidence)}>
                        {formatPercent(c.confidence)}
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </Panel>
  );
}
