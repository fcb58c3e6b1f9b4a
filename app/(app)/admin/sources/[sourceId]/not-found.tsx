import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";

export default function SourceNotFound() {
  return (
    <Panel>
      <EmptyState
        title="No such data source"
        action={
          <ButtonLink href="/admin/sources" variant="primary">
            All data sources
          </ButtonLink>
        }
      >
        It may have been deleted.
      </EmptyState>
    </Panel>
  );
}
