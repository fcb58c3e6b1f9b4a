// A new data source (admins only).
import type { Metadata } from "next";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { canAdminister } from "@/lib/auth/roles";
import { getCurrentActor } from "../../../current-actor";
import { SourcesForbidden } from "../forbidden";
import { KeyWarning } from "../key-warning";
import { SourceForm } from "../source-form";

export const metadata: Metadata = { title: "New data source" };

export default async function NewSourcePage() {
  await connection();
  const actor = await getCurrentActor();
  if (!canAdminister(actor.role)) return <SourcesForbidden role={actor.role} />;
  return (
    <>
      <PageHeader
        title="New data source"
        description="A Log Analytics workspace. The client secret is stored encrypted with SOURCE_SECRET_KEY and never shown again."
      />
      <KeyWarning />
      <Panel title="Workspace" labelledBy="new-source-title">
        <SourceForm />
      </Panel>
    </>
  );
}
