import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";

export default function AttackerNotFound() {
  return (
    <Panel>
      <EmptyState
        title="No such attacker profile"
        action={
          <ButtonLink href="/attackers" variant="primary">
            All attackers
          </ButtonLink>
        }
      />
    </Panel>
  );
}
