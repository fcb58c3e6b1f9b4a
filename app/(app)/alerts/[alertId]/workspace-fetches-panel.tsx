// What Shellcase fetched from Sentinel workspaces for this alert's hosts around its time: each
// range with its rows, and in red what the workspace answered only in part (PartialError) or what
// was capped — the analyst then knows the enrichment read incomplete logs.
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import type { AlertDetail } from "@/lib/alerts/get-alert-by-id";
import { hostKeys, matchesHost } from "@/lib/enrich/resolve-web-hosts";
import { findCoverageNear } from "@/lib/sentinel/evidence/find-coverage-near";

const SCOPE: Record<string, string> = {
  all: "every request",
  page: "a page's history",
  file: "the script's requests",
  "last-post": "the install request",
  attacker: "the attacker's requests",
  "first-access": "first access",
};

export async function WorkspaceFetchesPanel({ alert }: { alert: AlertDetail }) {
  const keys = new Set(alert.hosts.flatMap((h) => [...hostKeys(h)]));
  const coverage = (await findCoverageNear(alert.startTime ?? alert.timeGenerated)).filter(
    (c) => c.host === "*" || c.host.split(",").some((h) => matchesHost(h, keys)),
  );
  if (!coverage.length && !alert.source) return null;
  const incomplete = coverage.filter((c) => !c.complete).length;
  return (
    <Panel
      title="Fetched from Sentinel workspaces"
      labelledBy="workspace-fetches"
      description={
        incomplete
          ? `${incomplete} range(s) incomplete: the enrichment and pivots read only what came back.`
          : "Only the requests this alert's enrichment and pivots read, within a month of it."
      }
    >
      {coverage.length === 0 ? (
        <p className="p-4 text-sm text-slate-500">
          Nothing fetched yet: the logs are fetched when the alert is enriched.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="workspace-fetches">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Source</th>
                <th className="px-4 py-2 font-medium">Host</th>
                <th className="px-4 py-2 font-medium">What</th>
                <th className="px-4 py-2 font-medium">From (UTC)</th>
                <th className="px-4 py-2 font-medium">To (UTC)</th>
                <th className="px-4 py-2 text-right font-medium">Rows</th>
                <th className="px-4 py-2 font-medium">State</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {coverage.map((c) => (
                <tr key={c.id} className={c.complete ? undefined : "bg-red-50"}>
                  <td className="px-4 py-2 break-all">{c.source}</td>
                  <td className="px-4 py-2 break-all">{c.host === "*" ? "every host" : c.host}</td>
                  <td className="px-4 py-2">{SCOPE[c.scope] ?? c.scope}</td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    <UtcTime value={c.from} />
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    <UtcTime value={c.to} />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{c.rows.toLocaleString("en-US")}</td>
                  <td className="px-4 py-2">
                    {c.complete ? (
                      <span className="text-slate-600">complete</span>
                    ) : (
                      <span className="font-medium text-red-700" data-testid="coverage-incomplete">
                        incomplete{c.error ? `: ${c.error}` : ""}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
