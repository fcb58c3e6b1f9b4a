import Link from "next/link";
import { formatCount, formatDuration, formatPercent } from "@/components/ui/format";
import { ariaSort, SortLink } from "@/components/ui/sort-link";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { CaseFilters, CaseListItem } from "@/lib/cases/find-cases";
import { SeverityBadge } from "../alerts/severity-badge";
import { CaseStatusBadge } from "./case-status-badge";
import { CLASSIFICATION_LABEL } from "./classification-label";

export interface CaseSort {
  sort: NonNullable<CaseFilters["sort"]>;
  dir: "asc" | "desc";
  hrefFor: (sort: NonNullable<CaseFilters["sort"]>) => string;
}

export function CasesTable({ cases, sort, now }: { cases: CaseListItem[]; sort: CaseSort; now: Date }) {
  const header = (key: CaseSort["sort"], label: string, className: string) => (
    <Th className={className} aria-sort={ariaSort(sort.sort === key, sort.dir)}>
      <SortLink label={label} active={sort.sort === key} dir={sort.dir} href={sort.hrefFor(key)} />
    </Th>
  );
  return (
    <Table caption="Cases">
      <thead>
        <tr>
          {/* Fixed layout: the number column keeps its width, the shell takes what is left. */}
          <Th className="w-44">Case</Th>
          {header("status", "Status", "w-28")}
          {header("severity", "Severity", "w-24")}
          {header("owner", "Owner", "w-32")}
          {header("host", "Host", "w-28")}
          <Th>Shell</Th>
          <Th numeric className="w-16">
            Alerts
          </Th>
          <Th numeric className="w-24">
            Confidence
          </Th>
          <Th className="w-28">Classification</Th>
          {header("created", "Opened · age", "w-36")}
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => {
          const age = (c.closedAt ?? now).getTime() - c.createdAt.getTime();
          return (
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
                <SeverityBadge severity={c.severity} />
              </Td>
              <Td>
                <Truncate text={c.owner ? c.owner.name || c.owner.email : null} />
              </Td>
              <Td>
                <Truncate text={c.hostName} className="font-medium" />
                <Truncate text={c.site} className="text-xs text-slate-500" />
              </Td>
              <Td>
                <Truncate text={c.shellLocation} mono className="text-slate-900" />
              </Td>
              <Td numeric>{formatCount(c.alertCount)}</Td>
              <Td numeric title={c.maxConfidence === null ? undefined : String(c.maxConfidence)}>
                {c.maxConfidence === null ? "—" : formatPercent(c.maxConfidence)}
              </Td>
              <Td className="text-xs">
                {c.classification ? CLASSIFICATION_LABEL[c.classification] : <span className="text-slate-400">—</span>}
              </Td>
              <Td>
                <span className="block tabular-nums" data-testid="case-age">
                  {formatDuration(age)}
                </span>
                <UtcTime value={c.createdAt} className="block text-xs whitespace-nowrap text-slate-500 tabular-nums" />
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
