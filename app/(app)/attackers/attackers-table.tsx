import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { AttackerListItem } from "@/lib/attackers/find-attackers";
import { UserAgentText } from "./user-agent-text";

export function AttackersTable({ attackers }: { attackers: AttackerListItem[] }) {
  return (
    <Table caption="Attacker profiles, most recently seen first">
      <thead>
        <tr>
          <Th className="w-44">IP</Th>
          <Th>User agent (as logged)</Th>
          <Th className="w-40">First seen</Th>
          <Th className="w-40">Last seen</Th>
          <Th className="w-40">Hosts</Th>
          <Th className="w-44">Cases</Th>
        </tr>
      </thead>
      <tbody>
        {attackers.map((a) => (
          <tr key={a.id} data-testid="attacker-row" className="align-top hover:bg-slate-50">
            <Td className="align-top">
              <Link
                href={`/attackers/${a.id}`}
                className="block truncate rounded font-mono text-sm font-medium text-blue-700 hover:underline"
                title={a.ip || "(no client IP)"}
              >
                {a.ip || "(no client IP)"}
              </Link>
              {a.label && <Truncate text={a.label} className="text-xs text-slate-600" />}
              {a.members.length > 0 && (
                <span className="text-xs text-slate-500">
                  +{a.members.length} merged identit{a.members.length === 1 ? "y" : "ies"}
                </span>
              )}
            </Td>
            <Td className="align-top">
              <UserAgentText value={a.userAgent} />
            </Td>
            <Td className="align-top">
              <UtcTime value={a.firstSeen} />
            </Td>
            <Td className="align-top">
              <UtcTime value={a.lastSeen} />
            </Td>
            <Td className="align-top">
              {a.hosts.length ? (
                <ul>
                  {a.hosts.map((h) => (
                    <li key={h}>
                      <Truncate text={h} />
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="align-top">
              <ul data-testid="attacker-cases">
                {a.cases.map((number) => (
                  <li key={number}>
                    <Link
                      href={`/cases/${encodeURIComponent(number)}`}
                      className="rounded font-medium whitespace-nowrap text-blue-700 hover:underline"
                    >
                      {number}
                    </Link>
                  </li>
                ))}
              </ul>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
