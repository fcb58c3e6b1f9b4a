import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { AlertListItem } from "@/lib/alerts/find-alerts";
import { SeverityBadge } from "./severity-badge";

/** Distinct host names of an alert's host entities, as MDE wrote them (usually lower case). */
function hostNames(alert: AlertListItem): string {
  const names = new Set<string>();
  for (const h of alert.hosts) {
    const name = h.hostName ?? h.fqdn;
    if (name) names.add(h.hostName && h.dnsDomain ? `${h.hostName} (${h.dnsDomain})` : name);
  }
  return [...names].join(", ");
}

export function AlertsTable({ alerts }: { alerts: AlertListItem[] }) {
  return (
    <Table caption="Stored alerts, newest first">
      <thead>
        <tr>
          <Th className="w-40">Time generated</Th>
          <Th>Alert</Th>
          <Th className="w-28">Severity</Th>
          <Th className="hidden w-28 lg:table-cell">Provider</Th>
          <Th className="w-48">Host(s)</Th>
          <Th className="w-72">SystemAlertId</Th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id} className="hover:bg-slate-50">
            <Td>
              <UtcTime value={a.timeGenerated} />
            </Td>
            <Td>
              <Truncate text={a.displayName ?? a.alertName} className="font-medium text-slate-900" />
            </Td>
            <Td>
              <SeverityBadge severity={a.severity} />
            </Td>
            <Td className="hidden lg:table-cell">
              <Truncate text={a.providerName} />
            </Td>
            <Td>
              <Truncate text={hostNames(a)} />
            </Td>
            <Td>
              <Truncate text={a.systemAlertId} mono className="text-slate-600" />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
