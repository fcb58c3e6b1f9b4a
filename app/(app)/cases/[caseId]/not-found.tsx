import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";

export default function CaseNotFound() {
  return (
    <Panel>
      <EmptyState
        title="No such case"
        action={
          <ButtonLink href="/cases" variant="primary">
            All cases
          </ButtonLink>
        }
      >
        Case numbers look like CASE-2026-0001.
      </EmptyState>
    </Panel>
  );
}
