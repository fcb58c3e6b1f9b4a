import { formatCount, formatUtc } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { AttackerActivity } from "@/lib/attackers/get-attacker-by-id";

// One colour per host (busiest first); the rest share grey. Fill and swatch classes side by side
// so that Tailwind sees both literally.
const COLORS = [
  { fill: "fill-blue-600", swatch: "bg-blue-600" },
  { fill: "fill-amber-500", swatch: "bg-amber-500" },
  { fill: "fill-emerald-600", swatch: "bg-emerald-600" },
  { fill: "fill-violet-600", swatch: "bg-violet-600" },
  { fill: "fill-rose-600", swatch: "bg-rose-600" },
] as const;
const OTHER = { fill: "fill-slate-400", swatch: "bg-slate-400" };

const W = 720;
const H = 160;
const LEFT = 40;
const BOTTOM = 18;
const TOP = 6;

const hostLabel = (h: string) => h || "(no host)";

/**
 * Requests over time as a stacked bar chart (inline SVG), one bar per hour or day, one colour
 * per host; each bar names its counts on hover, and the same numbers are in a table for screen
 * readers and copying.
 */
/** `id` prefixes the chart's title ids (unique on the page). */
export function ActivityChart({ activity, id = "activity" }: { activity: AttackerActivity; id?: string }) {
  const shown = activity.hosts.slice(0, COLORS.length);
  const others = activity.hosts.slice(COLORS.length);
  const series = [
    ...shown.map((h, i) => ({ label: hostLabel(h), hosts: [h], color: COLORS[i]! })),
    ...(others.length ? [{ label: `${others.length} other host(s)`, hosts: others, color: OTHER }] : []),
  ];
  const { buckets } = activity;
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const total = buckets.reduce((n, b) => n + b.total, 0);
  const slot = (W - LEFT) / buckets.length;
  const barWidth = Math.max(1, slot * 0.8);
  const plotHeight = H - BOTTOM - TOP;
  const when = (d: Date) => (activity.unit === "hour" ? formatUtc(d).slice(0, 16) : formatUtc(d).slice(0, 10));
  const unitLabel = activity.unit === "hour" ? "hour" : "day";
  const ticks = [0, Math.floor((buckets.length - 1) / 2), buckets.length - 1].filter((v, i, a) => a.indexOf(v) === i);
  const countOf = (b: (typeof buckets)[number], hosts: string[]) => hosts.reduce((n, h) => n + (b.byHost[h] ?? 0), 0);

  return (
    <figure className="space-y-3 p-4">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full max-w-5xl"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid="attacker-activity-chart"
      >
        <title id={`${id}-title`}>{`Requests per ${unitLabel} by host`}</title>
        <desc id={`${id}-desc`}>
          {`${formatCount(total)} requests from ${when(activity.from)} to ${when(buckets.at(-1)!.start)} UTC, at most ${formatCount(max)} in one ${unitLabel}. The table below lists the same counts.`}
        </desc>
        <line x1={LEFT} x2={W} y1={H - BOTTOM} y2={H - BOTTOM} className="stroke-slate-300" strokeWidth={1} />
        <text x={LEFT - 4} y={TOP + 8} textAnchor="end" className="fill-slate-500 text-[10px]">
          {formatCount(max)}
        </text>
        <text x={LEFT - 4} y={H - BOTTOM} textAnchor="end" className="fill-slate-500 text-[10px]">
          0
        </text>
        {buckets.map((b, i) => {
          let y = H - BOTTOM;
          return (
            <g key={b.start.toISOString()}>
              <title>
                {`${when(b.start)} UTC: ${formatCount(b.total)} request(s)` +
                  series
                    .map((s) => [s.label, countOf(b, s.hosts)] as const)
                    .filter(([, n]) => n > 0)
                    .map(([label, n]) => `\n${label}: ${formatCount(n)}`)
                    .join("")}
              </title>
              {/* A transparent full-height target, so that thin bars still show their counts on hover. */}
              <rect x={LEFT + i * slot} y={TOP} width={slot} height={plotHeight} className="fill-transparent" />
              {series.map((s) => {
                const n = countOf(b, s.hosts);
                if (!n) return null;
                const h = (n / max) * plotHeight;
                y -= h;
                return (
                  <rect
                    key={s.label}
                    x={LEFT + i * slot + (slot - barWidth) / 2}
                    y={y}
                    width={barWidth}
                    height={h}
                    className={s.color.fill}
                  />
                );
              })}
            </g>
          );
        })}
        {ticks.map((i) => (
          <text
            key={i}
            x={LEFT + i * slot + slot / 2}
            y={H - 4}
            textAnchor={i === 0 ? "start" : i === buckets.length - 1 ? "end" : "middle"}
            className="fill-slate-500 text-[10px]"
          >
            {when(buckets[i]!.start)}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Hosts">
          {series.map((s) => (
            <li key={s.label} className="flex min-w-0 items-center gap-1.5">
              <span aria-hidden="true" className={`size-2.5 shrink-0 rounded-sm ${s.color.swatch}`} />
              <span className="break-all">{s.label}</span>
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary className="cursor-pointer text-xs font-medium text-blue-700">Show the counts as a table</summary>
        <div className="mt-2">
          <Table caption={`Requests per ${unitLabel} by host (UTC), ${unitLabel}s with requests only`}>
            <thead>
              <tr>
                <Th className="w-40">{activity.unit === "hour" ? "Hour" : "Day"}</Th>
                {series.map((s) => (
                  <Th key={s.label} numeric>
                    {s.label}
                  </Th>
                ))}
                <Th numeric>Total</Th>
              </tr>
            </thead>
            <tbody>
              {buckets
                .filter((b) => b.total > 0)
                .map((b) => (
                  <tr key={b.start.toISOString()}>
                    <Td className="tabular-nums">{when(b.start)}</Td>
                    {series.map((s) => (
                      <Td key={s.label} numeric>
                        {formatCount(countOf(b, s.hosts))}
                      </Td>
                    ))}
                    <Td numeric>{formatCount(b.total)}</Td>
                  </tr>
                ))}
            </tbody>
          </Table>
        </div>
      </details>
    </figure>
  );
}
