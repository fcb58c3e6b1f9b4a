// Data sources (admins only): the Log Analytics workspaces alerts are pulled from and logs are
// fetched from, each with its pull status. Secrets are never read here (the view has hasSecret).
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { UtcTime } from "@/components/ui/utc-time";
import { canAdminister } from "@/lib/auth/roles";
import { findSources } from "@/lib/sentinel/sources/find-sources";
import { getCurrentActor } from "../../current-actor";
import { SourcesForbidden } from "./forbidden";
import { KeyWarning } from "./key-warning";
import { LastError, SourceBadges } from "./pull-status";

export const metadata: Metadata = { title: "Data sources" };

export default async function SourcesPage() {
  await connection();
  const actor = await getCurrentActor();
  if (!canAdminister(actor.role)) return <SourcesForbidden role={actor.role} />;
  const sources = await findSources(actor);

  return (
    <>
      <PageHeader
        title="Data sources"
        description="Microsoft Sentinel (Log Analytics) workspaces: alerts are pulled from each enabled one on its interval, and the IIS logs an investigation reads are fetched from them on demand."
        actions={
          <ButtonLink href="/admin/sources/new" variant="primary">
            New source
          </ButtonLink>
        }
      />
      <KeyWarning />
      <Panel title="Workspaces" labelledBy="sources-title">
        {sources.length === 0 ? (
          <EmptyState title="No data sources yet">Add a workspace to pull its alerts.</EmptyState>
        ) : (
          <Table caption="Data sources">
            <colgroup>
              <col className="w-[26%]" />
              <col className="w-[18%]" />
              <col className="w-[16%]" />
              <col className="w-[16%]" />
              <col className="w-[24%]" />
            </colgroup>
            <thead>
              <tr>
                <Th>Source</Th>
                <Th>Status</Th>
                <Th>Last pull (UTC)</Th>
                <Th>Rows</Th>
                <Th>Alert cursor (UTC)</Th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id} data-testid="source-row" data-name={s.name}>
                  <Td>
                    <Link
                      href={`/admin/sources/${s.id}`}
                      className="block truncate font-medium text-blue-700 hover:underline"
                    >
                      {s.name}
                    </Link>
                    <div className="truncate font-mono text-xs text-slate-500">{s.workspaceId}</div>
                    <div className="text-xs text-slate-500">
                      {s.authKind === "client_secret" ? "client secret" : "default credential"}
                      {s.hasSecret ? " (stored)" : ""}
                    </div>
                  </Td>
                  <Td>
                    <SourceBadges source={s} />
                  </Td>
                  <Td className="text-xs">
                    {s.lastPullAt ? <UtcTime value={s.lastPullAt} /> : <span className="text-slate-500">never</span>}
                  </Td>
                  <Td className="text-xs text-slate-700">
                    <div>
                      last: {s.lastPullRows.toLocaleString("en")} read / {s.lastPullStored.toLocaleString("en")} stored
                    </div>
                    <div>alerts: {s.alertRowsPulled.toLocaleString("en")}</div>
                    <div>requests: {s.requestRowsFetched.toLocaleString("en")}</div>
                  </Td>
                  <Td className="text-xs">
                    <UtcTime value={s.alertCursor} />
                    <LastError source={s} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
    </>
  );
}
