import Link from "next/link";
import { formatCount, formatPercent } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { CaseListItem } from "@/lib/cases/find-cases";
import { CaseStatusBadge } from "./case-status-badge";

export function CasesTable({ cases }: { cases: CaseListItem[] }) {
  return (
    <Table caption="Cases, newest first">
      <thead>
        <tr>
          <Th>Case</Th>
          <Th className="w-32">Status</Th>
          <Th className="w-32">Host</Th>
          <Th className="w-24">Site</Th>
          <Th className="w-80">Shell</Th>
          <Th numeric className="w-20">
            Alerts
          </Th>
          <Th numeric className="w-28">
            Confidence
          </Th>
          <Th className="w-40">Created</Th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} data-testid="case-row" className="hover:bg-slate-50">
            <Td>
              <Link
                href={`/cases/${c.number}`}
                className="rounded font-medium whitespace-nowrap text-blue-700 hover:underline"
              >
                {c.number}
              </Link>
              <Truncate text={c.title} className="text-xs text-slate-500" />
            </Td>
            <Td>
              <CaseStatusBadge status={c.status} />
            </Td>
            <Td>
              <Truncate text={c.hostName} className="font-medium" />
            </Td>
            <Td>
              <Truncate text={c.site} />
            </Td>
            <Td>
              <Truncate text={c.shellLocation} mono className="text-slate-900" />
            </Td>
            <Td numeric>{formatCount(c.alertCount)}</Td>
            <Td numeric title={c.maxConfidence === null ? undefined : String(c.maxConfidence)}>
              {c.maxConfidence === null ? "—" : formatPercent(c.maxConfidence)}
            </Td>
            <Td>
              <UtcTime value={c.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
