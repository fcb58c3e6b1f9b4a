import type { ReactNode } from "react";
import { Code } from "@/components/ui/code";
import { formatCount, formatUtc } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { compatRowsForAlert } from "@/lib/alerts/compat-rows-for-alert";
import type { AlertDetail } from "@/lib/alerts/get-alert-by-id";
import type { CommandCompatRow, FileCompatRow } from "@/lib/enrich/sentinel-compat";

const QUERY_NAME = {
  command: "Web shell command alert enrichment",
  file: "Web shell file alert enrichment",
} as const;

/**
 * The Sentinel hunting query's rows for this alert, beside Shellcase's own result, so an analyst
 * can see what their query would have shown (usually nothing) and why. Async: it runs the
 * compat query, so the page streams it in after the rest.
 */
export async function SentinelCompatPanel({ alert }: { alert: AlertDetail }) {
  const result = await compatRowsForAlert(alert);
  const range = (
    <>
      Evaluated over TimeGenerated − 1 day to + 1 day: {formatUtc(result.from)} to {formatUtc(result.to)} UTC
    </>
  );
  return (
    <Panel
      title="What the Sentinel query returns for this alert"
      description={range}
      labelledBy="sentinel-compat"
      className="min-w-0"
    >
      <div className="space-y-3 p-4" data-testid="sentinel-compat">
        {result.query === null ? (
          <Reasons title="No Sentinel query applies" reasons={result.reasons} />
        ) : (
          <>
            <p className="text-sm text-slate-600">
              The hunting query <span className="font-medium text-slate-900">“{QUERY_NAME[result.query]}”</span>, run as
              Sentinel runs it (sentinel-compat mode, defects included), returned {formatCount(result.totalRows)} row
              {result.totalRows === 1 ? "" : "s"} over this range, for all alerts in it. This alert&apos;s rows are
              those{" "}
              {result.query === "command" ? (
                <>
                  whose <Code>HostName</Code> equals one of its host names and whose <Code>CommandLine</Code> equals one
                  of its processes&apos; command lines (exactly).
                </>
              ) : (
                <>
                  whose <Code>ShellLocation</Code> ends in its file name (exactly).
                </>
              )}
            </p>
            {result.rows.length === 0 ? (
              <Reasons title="The query returns nothing for this alert" reasons={result.reasons} />
            ) : (
              <ol className="space-y-3" aria-label="Rows of the Sentinel query">
                {result.query === "command"
                  ? result.rows.map((r, i) => <CommandRow key={i} row={r} />)
                  : result.rows.map((r, i) => <FileRow key={i} row={r} />)}
              </ol>
            )}
          </>
        )}
      </div>
    </Panel>
  );
}

function Reasons({ title, reasons }: { title: string; reasons: string[] }) {
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-950">
      <p className="font-semibold" data-testid="sentinel-compat-empty">
        {title}
      </p>
      {reasons.length > 0 && (
        <ul className="mt-1 list-disc space-y-1 pl-4">
          {reasons.map((r, i) => (
            <li key={i} className="break-words">
              {r}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One output row, its columns named as the query names them. */
function CompatRecord({ fields }: { fields: [string, ReactNode][] }) {
  return (
    <li className="rounded-md border border-slate-200" data-testid="sentinel-compat-row">
      <dl className="grid grid-cols-[9.5rem_minmax(0,1fr)] text-xs">
        {fields.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="border-b border-slate-100 bg-slate-50 px-2.5 py-1 font-mono text-slate-500">{name}</dt>
            <dd className="border-b border-slate-100 px-2.5 py-1 font-mono break-all whitespace-pre-wrap text-slate-900">
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

function CommandRow({ row }: { row: CommandCompatRow }) {
  return (
    <CompatRecord
      fields={[
        ["timestamp", row.timestamp],
        ["HostName", row.HostName],
        ["Site", row.Site.join(", ")],
        ["ShellLocation", row.ShellLocation],
        ["ShellName", row.ShellName],
        ["ParentProcess", row.ParentProcess],
        ["CommandLine", row.CommandLine],
        ["Attacker", JSON.stringify(row.Attacker)],
        ["IPCustomEntity", row.IPCustomEntity],
        ["dcount_SourceIP", String(row.dcount_SourceIP)],
      ]}
    />
  );
}

function FileRow({ row }: { row: FileCompatRow }) {
  return (
    <CompatRecord
      fields={[
        ["StartTime", row.StartTime],
        ["EndTime", row.EndTime],
        ["AttackerIP", row.AttackerIP],
        ["AttackerUserAgent", row.AttackerUserAgent],
        ["SiteName", row.SiteName],
        ["ShellLocation", row.ShellLocation],
      ]}
    />
  );
}
