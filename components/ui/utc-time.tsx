import { formatUtc } from "./format";

/** A time shown in UTC, with the machine-readable value in dateTime. */
export function UtcTime({ value, className }: { value: Date | string | null | undefined; className?: string }) {
  if (value == null) return <span className="text-slate-400">—</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={`${formatUtc(value)} UTC`} className={className ?? "tabular-nums whitespace-nowrap"}>
      {formatUtc(value)}
    </time>
  );
}
