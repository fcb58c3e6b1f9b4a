// What a non-admin sees on the data source pages: the same page, no data read (as Users does).
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";

export function SourcesForbidden({ role }: { role: string }) {
  return (
    <>
      <PageHeader title="Data sources" />
      <Panel>
        <p className="px-4 py-6 text-sm text-slate-700" data-testid="forbidden">
          Managing data sources needs the admin role; you are {role}.
        </p>
      </Panel>
    </>
  );
}
