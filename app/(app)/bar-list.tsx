// A horizontal bar chart drawn with CSS, server-rendered: one row per bar, each row a link to the
// list it counts, named by its label and number ("triage: 3 cases") for screen readers. Bars are
// scaled to the largest value; a zero still shows its row, so every category is visible.
import Link from "next/link";
import { formatCount } from "@/components/ui/format";

export interface Bar {
  key: string;
  label: string;
  count: number;
  href: string;
  /** Tailwind background class of the bar. */
  tone?: string;
}

export function BarList({ bars, noun, testId }: { bars: Bar[]; noun: string; testId: string }) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <ul className="space-y-1.5 px-4 py-3" data-testid={testId}>
      {bars.map((b) => (
        <li key={b.key}>
          <Link
            href={b.href}
            aria-label={`${b.label}: ${formatCount(b.count)} ${noun}`}
            data-testid="bar"
            data-key={b.key}
            data-count={b.count}
            className="group grid grid-cols-[8rem_1fr_3rem] items-center gap-3 rounded px-1 py-0.5 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            <span className="truncate text-sm text-slate-700" title={b.label}>
              {b.label}
            </span>
            <span aria-hidden="true" className="h-3 rounded-sm bg-slate-100">
              <span
                className={`block h-3 rounded-sm ${b.tone ?? "bg-blue-500"}`}
                style={{ width: `${(b.count / max) * 100}%` }}
              />
            </span>
            <span className="text-right text-sm font-medium text-blue-700 tabular-nums group-hover:underline">
              {formatCount(b.count)}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
