// One data source (admins only): its pull status, "Test connection", the settings form and delete.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { canAdminister } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getSourceById } from "@/lib/sentinel/sources/get-source-by-id";
import { sourceIdSchema } from "@/lib/sentinel/sources/source-input";
import { getCurrentActor } from "../../../current-actor";
import { SourcesForbidden } from "../forbidden";
import { KeyWarning } from "../key-warning";
import { PullStatus } from "../pull-status";
import { SourceActions } from "../source-actions";
import { SourceForm } from "../source-form";

export const metadata: Metadata = { title: "Data source" };

export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Promise<{ sourceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const actor = await getCurrentActor();
  if (!canAdminister(actor.role)) return <SourcesForbidden role={actor.role} />;
  const id = sourceIdSchema.safeParse((await params).sourceId);
  if (!id.success) notFound();
  const source = await getSourceById(actor, id.data).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const added = (await searchParams).added === "1";

  return (
    <>
      <PageHeader
        title={source.name}
        description={`Workspace ${source.workspaceId} in tenant ${source.tenantId}.`}
        actions={
          <ButtonLink href="/admin/sources" variant="ghost">
            All sources
          </ButtonLink>
        }
      />
      <KeyWarning />
      {added && (
        <p role="status" className="mb-4 text-sm text-emerald-700" data-testid="source-added">
          Added {source.name}. Test the connection to see what it can read.
        </p>
      )}
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-5">
          <Panel title="Pull status" labelledBy="pull-status-title" bodyClassName="p-4">
            <PullStatus source={source} />
          </Panel>
          <Panel title="Settings" labelledBy="settings-title">
            <SourceForm
              source={{
                id: source.id,
                name: source.name,
                workspaceId: source.workspaceId,
                tenantId: source.tenantId,
                authKind: source.authKind,
                clientId: source.clientId,
                hasSecret: source.hasSecret,
                queryEndpoint: source.queryEndpoint,
                authorityHost: source.authorityHost,
                caCertPem: source.caCertPem,
                subscriptionId: source.subscriptionId,
                resourceGroup: source.resourceGroup,
                workspaceName: source.workspaceName,
                incidentSync: source.incidentSync,
                pullIntervalSeconds: source.pullIntervalSeconds,
                enabled: source.enabled,
                pullSince: source.pullSince?.toISOString() ?? null,
              }}
            />
          </Panel>
        </div>
        <Panel title="Connection" labelledBy="connection-title">
          <SourceActions source={{ id: source.id, name: source.name }} />
        </Panel>
      </div>
    </>
  );
}
