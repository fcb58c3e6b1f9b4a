import { cx } from "@/components/ui/cx";
import type { AttackerActionState } from "../actions";

/** The outcome of a form's server action, announced to screen readers. */
export function ActionMessage({ state }: { state: AttackerActionState }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className={cx("min-h-4 text-xs", state?.ok ? "text-emerald-700" : "text-red-700")}
      data-testid="attacker-action-message"
    >
      {state?.message}
    </p>
  );
}
