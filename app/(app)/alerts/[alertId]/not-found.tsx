import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";

export default function AlertNotFound() {
  return (
    <Panel>
      <EmptyState
        title="No such alert"
        action={
          <ButtonLink href="/alerts" variant="primary">
            All alerts
          </ButtonLink>
        }
      >
        It may have been deleted, or the link is mistyped.
      </EmptyState>
    </Panel>
  );
}
