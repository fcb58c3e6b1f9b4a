// Form primitives shared by the filter bars and small forms: one input style, one labelled
// field, and the Filter/Clear pair. No domain logic.
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "./button";

/** Text inputs and selects: 32 px high, the app's focus ring. */
export const INPUT_CLASS =
  "h-8 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";

export function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** The submit button of a filter bar, and "Clear" back to `clearHref` when a filter is set. */
export function FilterActions({
  active,
  clearHref,
  label = "Filter",
}: {
  active: boolean;
  clearHref: string;
  label?: string;
}) {
  return (
    <div className="flex items-center gap-2">
      <Button type="submit" variant="primary">
        {label}
      </Button>
      {active && (
        <Link
          href={clearHref}
          className="rounded px-1 text-sm font-medium text-slate-600 hover:text-slate-900 hover:underline"
        >
          Clear
        </Link>
      )}
    </div>
  );
}
