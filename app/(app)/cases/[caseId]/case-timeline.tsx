// The intrusion timeline (lib/cases/build-case-timeline.ts) drawn as an inline SVG chart — one
// lane per kind of event on a shared UTC time axis — and listed below it. Presentation
// attributes and classes only (no style attributes: the page's CSP forbids inline styles).
// Event details are attacker data: they appear as SVG <title> text and list text, never markup.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { formatUtc } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import { TIMELINE_KINDS, type TimelineEvent, type TimelineKind } from "@/lib/cases/build-case-timeline";

const LANE: Record<TimelineKind, { label: string; dot: string; tone: BadgeTone }> = {
  first_access: { label: "First access", dot: "fill-slate-600", tone: "neutral" },
  recon: { label: "Recon", dot: "fill-amber-500", tone: "amber" },
  install: { label: "Install", dot: "fill-red-600", tone: "red" },
  shell_access: { label: "Shell access", dot: "fill-violet-600", tone: "violet" },
  command: { label: "Commands", dot: "fill-blue-600", tone: "blue" },
  alert: { label: "Alerts", dot: "fill-emerald-600", tone: "green" },
};

const W = 1000;
const LEFT = 120;
const RIGHT = 24;
const LANE_H = 26;
const TOP = 8;
const AXIS_H = 34;

const S = 1000;
const STEPS = [
  1,
  5,
  15,
  30,
  60,
  300,
  900,
  1800,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  86400,
  2 * 86400,
  7 * 86400,
  30 * 86400,
].map((s) => s * S);

function ticks(min: number, max: number): number[] {
  const step = STEPS.find((s) => (max - min) / s <= 6) ?? STEPS.at(-1)!;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
  return out;
}

function tickLabel(t: number, span: number): string {
  const iso = formatUtc(new Date(t)); // "YYYY-MM-DD HH:MM:SS"
  if (span > 2 * 86400 * S) return iso.slice(5, 16);
  if (span < 5 * 60 * S) return iso.slice(11, 19);
  return iso.slice(11, 16);
}

export function CaseTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <Panel
      title="Intrusion timeline"
      labelledBy="case-timeline"
      description="First access, recon, install, shell use, commands and alerts, in UTC. Recon and first access appear once the attacker pivots have run."
    >
      {events.length === 0 ? (
        <EmptyState title="Nothing to place on a timeline yet">
          The case&apos;s findings and alerts carry no times, and no pivot run has finished.
        </EmptyState>
      ) : (
        <div data-testid="case-timeline">
          <TimelineChart events={events} />
          <ol className="divide-y divide-slate-100 border-t border-slate-200" aria-label="Timeline events">
            {events.map((e, i) => (
              <li
                key={`${e.kind}-${e.time.getTime()}-${i}`}
                data-testid="timeline-event"
                data-kind={e.kind}
                className="grid grid-cols-[2rem_10rem_7rem_minmax(0,1fr)] items-start gap-x-3 px-4 py-1.5 text-sm"
              >
                <span className="text-right text-xs text-slate-400 tabular-nums">{i + 1}</span>
                <UtcTime value={e.time} />
                <span>
                  <Badge tone={LANE[e.kind].tone}>{LANE[e.kind].label}</Badge>
                </span>
                <div className="min-w-0">
                  <p className="text-slate-800">
                    {e.label} <span className="text-xs text-slate-400">· {e.source}</span>
                  </p>
                  {e.detail &&
                    (e.kind === "command" ? (
                      <CodeBlock text={e.detail} className="mt-0.5" />
                    ) : (
                      <Truncate text={e.detail} mono className="text-slate-700" />
                    ))}
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Panel>
  );
}

function TimelineChart({ events }: { events: TimelineEvent[] }) {
  const times = events.map((e) => e.time.getTime());
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (max - min < 60 * S) {
    min -= 30 * S;
    max += 30 * S;
  }
  const pad = (max - min) * 0.03;
  min -= pad;
  max += pad;
  const x = (t: number) => LEFT + ((t - min) / (max - min)) * (W - LEFT - RIGHT);
  const laneY = (k: TimelineKind) => TOP + TIMELINE_KINDS.indexOf(k) * LANE_H + LANE_H / 2;
  const height = TOP + TIMELINE_KINDS.length * LANE_H + AXIS_H;
  const axisY = TOP + TIMELINE_KINDS.length * LANE_H;
  const span = max - min;

  return (
    <div className="overflow-x-auto px-2 py-2">
      <svg
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-labelledby="timeline-chart-title"
        className="h-auto w-full min-w-[640px] text-slate-500"
        data-testid="timeline-chart"
      >
        <title id="timeline-chart-title">
          {`Timeline of ${events.length} events from ${formatUtc(new Date(Math.min(...times)))} to ${formatUtc(new Date(Math.max(...times)))} UTC`}
        </title>
        {TIMELINE_KINDS.map((k, i) => (
          <g key={k}>
            {i % 2 === 0 && (
              <rect x={LEFT} y={TOP + i * LANE_H} width={W - LEFT - RIGHT} height={LANE_H} className="fill-slate-50" />
            )}
            <text
              x={LEFT - 10}
              y={laneY(k)}
              textAnchor="end"
              dominantBaseline="middle"
              className="fill-slate-600 text-[12px]"
            >
              {LANE[k].label}
            </text>
          </g>
        ))}
        <line x1={LEFT} x2={W - RIGHT} y1={axisY} y2={axisY} className="stroke-slate-300" />
        {ticks(min, max).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP} y2={axisY + 4} className="stroke-slate-200" strokeDasharray="2 3" />
            <text x={x(t)} y={axisY + 16} textAnchor="middle" className="fill-slate-500 text-[11px] tabular-nums">
              {tickLabel(t, span)}
            </text>
          </g>
        ))}
        <text x={LEFT} y={axisY + 30} className="fill-slate-400 text-[10px]">
          {`${formatUtc(new Date(min)).slice(0, 10)} UTC`}
        </text>
        {events.map((e, i) => (
          <g key={`${e.kind}-${i}`} data-testid="timeline-marker">
            <circle
              cx={x(e.time.getTime())}
              cy={laneY(e.kind)}
              r={5.5}
              className={`${LANE[e.kind].dot} stroke-white`}
              strokeWidth={1.5}
            >
              <title>{`${i + 1}. ${formatUtc(e.time)} UTC — ${e.label}${e.detail ? `: ${e.detail}` : ""}`}</title>
            </circle>
          </g>
        ))}
      </svg>
    </div>
  );
}
