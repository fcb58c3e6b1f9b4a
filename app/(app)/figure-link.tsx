// One dashboard figure: its label, its number as a link to the list it counts, and a line of
// detail. The link is named by label and number, so it reads as "My open cases: 3".
import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount } from "@/components/ui/format";

export function FigureLink({
  label,
  count,
  href,
  detail,
  testId,
}: {
  label: string;
  count: number;
  href: string;
  detail?: ReactNode;
  testId: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs" data-testid={testId}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">
        <Link
          href={href}
          aria-label={`${label}: ${formatCount(count)}`}
          data-count={count}
          className="rounded text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          {formatCount(count)}
        </Link>
      </dd>
      {detail && <dd className="mt-0.5 truncate text-xs text-slate-500">{detail}</dd>}
    </div>
  );
}
