import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { AttackerCaseHistory } from "@/lib/attackers/get-attacker-by-id";
import { CaseStatusBadge } from "../../cases/case-status-badge";

/** Every case this attacker appears in, in the order it reached them: the incidents across servers. */
export function AttackerHistory({ history }: { history: AttackerCaseHistory[] }) {
  return (
    <Table caption="Cases of this attacker, by its first request on each">
      <thead>
        <tr>
          <Th className="w-40">Case</Th>
          <Th className="w-28">Status</Th>
          <Th className="w-32">Host</Th>
          <Th className="w-24">Site</Th>
          <Th>Shell</Th>
          <Th className="w-40">First shell access</Th>
          <Th className="w-40">First request</Th>
          <Th className="w-40">Last request</Th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.caseId} data-testid="attacker-history-row" className="hover:bg-slate-50">
            <Td>
              <Link
                href={`/cases/${encodeURIComponent(h.number)}`}
                className="rounded font-medium whitespace-nowrap text-blue-700 hover:underline"
              >
                {h.number}
              </Link>
              <Truncate text={h.title} className="text-xs text-slate-500" />
            </Td>
            <Td>
              <CaseStatusBadge status={h.status} />
            </Td>
            <Td>
              <Truncate text={h.hostName} className="font-medium" />
            </Td>
            <Td>
              <Truncate text={h.site} />
            </Td>
            <Td>
              <Truncate text={h.shellLocation} mono className="text-slate-900" />
            </Td>
            <Td>
              <UtcTime value={h.firstShellAccess} />
            </Td>
            <Td>
              <UtcTime value={h.firstRequest} />
            </Td>
            <Td>
              <UtcTime value={h.lastRequest} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
