// A source's pull status as its row records it: when it last pulled and what, the totals, and
// the last error in red. Shared by the list and the source's page.
import { Badge } from "@/components/ui/badge";
import { DescriptionList } from "@/components/ui/description-list";
import { UtcTime } from "@/components/ui/utc-time";
import type { SourceView } from "@/lib/sentinel/sources/source-view";

export function SourceBadges({ source }: { source: SourceView }) {
  return (
    <div className="flex flex-wrap gap-1">
      {source.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}
      {source.incidentSync ? <Badge tone="violet">incident sync on</Badge> : <Badge>incident sync off</Badge>}
      {source.lastError && <Badge tone="red">error</Badge>}
    </div>
  );
}

export function LastError({ source }: { source: SourceView }) {
  if (!source.lastError) return null;
  return (
    <p className="text-xs break-words text-red-700" data-testid="source-last-error">
      <UtcTime value={source.lastErrorAt} className="font-medium tabular-nums" />: {source.lastError}
    </p>
  );
}

export function PullStatus({ source }: { source: SourceView }) {
  return (
    <div className="space-y-3">
      <DescriptionList
        items={[
          { label: "Status", value: <SourceBadges source={source} /> },
          { label: "Last pull (UTC)", value: source.lastPullAt ? <UtcTime value={source.lastPullAt} /> : "never" },
          { label: "Alert cursor (ingestion, UTC)", value: <UtcTime value={source.alertCursor} /> },
          {
            label: "Last pull",
            value: `${source.lastPullRows.toLocaleString("en")} rows read, ${source.lastPullStored.toLocaleString("en")} stored`,
          },
          { label: "Alert rows pulled", value: source.alertRowsPulled.toLocaleString("en") },
          { label: "Request rows fetched", value: source.requestRowsFetched.toLocaleString("en") },
          { label: "Pull interval", value: `${source.pullIntervalSeconds} s` },
          { label: "Pull since (UTC)", value: <UtcTime value={source.pullSince} /> },
        ]}
      />
      <LastError source={source} />
    </div>
  );
}
