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
  /** Tailwind fill class of the bar. */
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
            {/* SVG attributes, not a style attribute: the content security policy refuses inline styles. */}
            <svg aria-hidden="true" viewBox="0 0 100 12" preserveAspectRatio="none" className="h-3 w-full">
              <rect width="100" height="12" rx="1" className="fill-slate-100" />
              <rect width={(b.count / max) * 100} height="12" rx="1" className={b.tone ?? "fill-blue-500"} />
            </svg>
            <span className="text-right text-sm font-medium text-blue-700 tabular-nums group-hover:underline">
              {formatCount(b.count)}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
