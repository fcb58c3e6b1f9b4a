import type { ReactNode } from "react";

/** One figure with its label, for summary rows. */
export function Stat({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
      {detail && <dd className="mt-0.5 truncate text-xs text-slate-500">{detail}</dd>}
    </div>
  );
}
