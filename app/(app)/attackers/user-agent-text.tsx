import { cx } from "@/components/ui/cx";
import { Truncate } from "@/components/ui/truncate";

/**
 * A user agent exactly as logged ("+" for spaces): one truncated line, the whole value on hover
 * and, opened, wrapped in full (user agents run to kilobytes). Text only: attacker-controlled.
 */
export function UserAgentText({ value, className }: { value: string; className?: string }) {
  if (value === "") return <span className="text-slate-400">(no user agent)</span>;
  if (value.length <= 80) {
    return <span className={cx("font-mono text-xs break-all text-slate-700", className)}>{value}</span>;
  }
  return (
    <details className={cx("group min-w-0", className)}>
      <summary className="cursor-pointer list-none rounded text-slate-700 marker:hidden">
        <span className="flex min-w-0 items-baseline gap-1">
          <Truncate text={value} mono className="min-w-0 flex-1 group-open:hidden" />
          <span className="shrink-0 text-xs text-blue-700 group-open:hidden">more</span>
          <span className="hidden shrink-0 text-xs text-blue-700 group-open:inline">less</span>
        </span>
      </summary>
      <span className="mt-1 block font-mono text-xs break-all whitespace-pre-wrap text-slate-700">{value}</span>
    </details>
  );
}
