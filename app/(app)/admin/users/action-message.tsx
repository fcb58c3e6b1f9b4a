import type { ActionState } from "@/app/action-state";
import { cx } from "@/components/ui/cx";

/** The answer of a server action, announced to screen readers. */
export function ActionMessage({ state, className }: { state: ActionState; className?: string }) {
  if (!state) return null;
  return (
    <p
      role={state.ok ? "status" : "alert"}
      data-testid="action-message"
      className={cx("text-xs", state.ok ? "text-emerald-700" : "text-red-700", className)}
    >
      {state.message}
    </p>
  );
}
