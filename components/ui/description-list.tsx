import type { ReactNode } from "react";
import { cx } from "./cx";

export type DescriptionItem = {
  label: string;
  value: ReactNode;
  /** Spans the whole row (long values: paths, command lines, descriptions). */
  wide?: boolean;
};

const COLUMNS = {
  /** For a half-width panel. */
  2: "grid-cols-2",
  4: "grid-cols-2 sm:grid-cols-3 xl:grid-cols-4",
} as const;

/** Label/value pairs in a responsive grid; values render as given (text or elements). */
export function DescriptionList({
  items,
  columns = 4,
  className,
}: {
  items: DescriptionItem[];
  columns?: keyof typeof COLUMNS;
  className?: string;
}) {
  return (
    <dl className={cx("grid gap-x-6 gap-y-3 text-sm", COLUMNS[columns], className)}>
      {items.map(({ label, value, wide }) => (
        <div key={label} className={cx("min-w-0", wide && "col-span-full")}>
          <dt className="text-xs font-medium text-slate-500">{label}</dt>
          <dd className="mt-0.5 min-w-0 text-slate-900">{value ?? <span className="text-slate-400">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
