// The Overview's lower section: what this instance stores (web requests, hosts, sites, alerts by
// provider, the busiest log sources) and the latest imports. Was the whole Overview before the
// dashboard (docs/dashboard.md).
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Stat } from "@/components/ui/stat";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { ImportBatchView } from "@/lib/ingest/find-import-batches";
import type { Stats } from "@/lib/stats/get-stats";
import type { Page } from "@/lib/paging";
import { importKindLabel } from "./imports/import-kind-label";
import { ImportStatusBadge } from "./imports/import-status-badge";

export function StorageSection({ stats, recent }: { stats: Stats; recent: Page<ImportBatchView> }) {
  const isEmpty = stats.requests === 0 && stats.alerts === 0 && recent.count === 0;
  const activeImports = stats.importsByStatus.queued + stats.importsByStatus.running;
  return (
    <section aria-labelledby="storage" className="space-y-3">
      <h2 id="storage" className="text-base font-semibold text-slate-900">
        Storage
      </h2>
      {isEmpty ? (
        <Panel>
          <EmptyState
            title="No data yet"
            action={
              <ButtonLink href="/imports" variant="primary">
                Go to Imports
              </ButtonLink>
            }
          >
            <p>
              Import IIS web logs and Defender alerts on the Imports page, or from a shell with{" "}
              <Code>npm run -s cli -- import web-logs &lt;path&gt;</Code> and{" "}
              <Code>npm run -s cli -- import alerts &lt;path&gt;</Code>.
            </p>
          </EmptyState>
        </Panel>
      ) : (
        <div className="space-y-5">
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6">
            <Stat label="Requests stored" value={formatCount(stats.requests)} detail="IIS web requests" />
            <Stat label="Hosts" value={formatCount(stats.hosts)} detail="distinct web server names" />
            <Stat label="Sites" value={formatCount(stats.sites)} detail="distinct IIS site names" />
            <Stat
              label="Alerts"
              value={formatCount(stats.alerts)}
              detail={`from ${formatCount(stats.alertsByProvider.length)} provider${stats.alertsByProvider.length === 1 ? "" : "s"}`}
            />
            <div className="col-span-2 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs md:col-span-4 xl:col-span-2">
              <dt className="text-xs font-medium text-slate-500">Requests between (UTC)</dt>
              <dd className="mt-1.5 space-y-0.5 text-sm text-slate-900">
                {stats.firstRequestAt && stats.lastRequestAt ? (
                  <>
                    <div className="flex gap-2">
                      <span className="w-9 text-slate-500">first</span>
                      <UtcTime value={stats.firstRequestAt} className="font-medium tabular-nums" />
                    </div>
                    <div className="flex gap-2">
                      <span className="w-9 text-slate-500">last</span>
                      <UtcTime value={stats.lastRequestAt} className="font-medium tabular-nums" />
                    </div>
                  </>
                ) : (
                  <span className="text-slate-500">No web requests imported</span>
                )}
              </dd>
            </div>
          </dl>

          <div className="grid gap-5 lg:grid-cols-5">
            <Panel
              title="Alerts by provider"
              labelledBy="alerts-by-provider"
              className="lg:col-span-2"
              actions={
                <Link href="/alerts" className="rounded text-xs font-medium text-blue-700 hover:underline">
                  All alerts
                </Link>
              }
            >
              {stats.alertsByProvider.length === 0 ? (
                <EmptyState title="No alerts imported">
                  Upload a SecurityAlert export (JSON or CSV) on the Imports page.
                </EmptyState>
              ) : (
                <Table caption="Alerts by provider">
                  <thead>
                    <tr>
                      <Th>Provider</Th>
                      <Th numeric className="w-28">
                        Alerts
                      </Th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.alertsByProvider.map((row) => (
                      <tr key={row.providerName ?? "(none)"}>
                        <Td>
                          {row.providerName === null ? (
                            <span className="text-slate-400">(no provider)</span>
                          ) : (
                            <Truncate text={row.providerName} />
                          )}
                        </Td>
                        <Td numeric>{formatCount(row.count)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Panel>

            <Panel
              title="Web log sources"
              description="Hosts and sites with the most requests"
              labelledBy="web-log-sources"
              className="lg:col-span-3"
            >
              {stats.topSources.length === 0 ? (
                <EmptyState title="No web logs imported">
                  Upload IIS W3C logs (u_exYYMMDD.log) on the Imports page.
                </EmptyState>
              ) : (
                <Table caption="Web log sources">
                  <thead>
                    <tr>
                      <Th>Host</Th>
                      <Th className="w-28">Site</Th>
                      <Th numeric className="w-28">
                        Requests
                      </Th>
                      <Th className="hidden w-44 md:table-cell">Last request</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.topSources.map((s) => (
                      <tr key={`${s.host}\u0000${s.site}`}>
                        <Td>
                          {s.host ? (
                            <Truncate text={s.host} className="font-medium" />
                          ) : (
                            <span className="text-slate-400">(unknown host)</span>
                          )}
                        </Td>
                        <Td>{s.site ? <Truncate text={s.site} /> : <span className="text-slate-400">—</span>}</Td>
                        <Td numeric>{formatCount(s.requests)}</Td>
                        <Td className="hidden md:table-cell">
                          <UtcTime value={s.lastTime} />
                        </Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Panel>
          </div>

          <Panel
            title="Recent imports"
            description={activeImports > 0 ? `${formatCount(activeImports)} queued or running` : undefined}
            labelledBy="recent-imports"
            actions={
              <Link href="/imports" className="rounded text-xs font-medium text-blue-700 hover:underline">
                All imports
              </Link>
            }
          >
            {recent.data.length === 0 ? (
              <EmptyState title="No imports yet" />
            ) : (
              <Table caption="Recent imports">
                <thead>
                  <tr>
                    <Th>File</Th>
                    <Th className="w-36">Kind</Th>
                    <Th className="w-28">Status</Th>
                    <Th numeric className="w-28">
                      Imported
                    </Th>
                    <Th numeric className="w-24">
                      Errors
                    </Th>
                    <Th className="w-44">Finished</Th>
                  </tr>
                </thead>
                <tbody>
                  {recent.data.map((b) => (
                    <tr key={b.id}>
                      <Td>
                        <Truncate text={b.fileName} className="font-medium" />
                      </Td>
                      <Td className="text-slate-600">{importKindLabel(b.kind)}</Td>
                      <Td>
                        <ImportStatusBadge status={b.status} />
                      </Td>
                      <Td numeric>{formatCount(b.imported)}</Td>
                      <Td numeric className={b.errorCount > 0 ? "text-amber-700" : undefined}>
                        {formatCount(b.errorCount)}
                      </Td>
                      <Td>
                        <UtcTime value={b.finishedAt} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Panel>
        </div>
      )}
    </section>
  );
}
