"use client";
// The web requests that support a finding, as IIS logged them, each with the file and line it
// came from so it can be found again in the original log. Filtered and paged in the browser:
// a finding keeps a bounded number of lines. Every value is attacker data: text only.
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { CaseFinding } from "@/lib/cases/get-case-by-number";
import { FIELD } from "./field-styles";

const PAGE = 25;

type Line = CaseFinding["evidence"][number];

const uriOf = (e: Line) => (e.query ? `${e.uri}?${e.query}` : e.uri);

export function EvidenceTable({ evidence, caption }: { evidence: Line[]; caption: string }) {
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(1);
  const matching = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q) return evidence;
    return evidence.filter((e) =>
      [uriOf(e), e.ip, e.userAgent, e.method, e.status === null ? null : String(e.status), e.site]
        .filter((v): v is string => v !== null)
        .some((v) => v.toLowerCase().includes(q)),
    );
  }, [evidence, filter]);
  const pages = Math.max(1, Math.ceil(matching.length / PAGE));
  const current = Math.min(page, pages);
  const shown = matching.slice((current - 1) * PAGE, current * PAGE);

  return (
    <div>
      {evidence.length > PAGE / 2 && (
        <div className="flex flex-wrap items-center gap-2 px-4 pb-2">
          <input
            type="search"
            aria-label={`Filter: ${caption}`}
            placeholder="Filter by URI, IP, user agent, method, status"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setPage(1);
            }}
            className={`${FIELD} w-80`}
          />
          {filter && (
            <span className="text-xs text-slate-500" data-testid="evidence-matching">
              {formatCount(matching.length)} of {formatCount(evidence.length)} lines
            </span>
          )}
        </div>
      )}
      <Table caption={caption}>
        <thead>
          <tr>
            <Th className="w-40">Time</Th>
            <Th className="w-20">Method</Th>
            <Th>URI</Th>
            <Th className="w-36">Client IP</Th>
            <Th className="w-64">User agent</Th>
            <Th numeric className="w-20">
              Status
            </Th>
            <Th className="w-40">Logged in</Th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => {
            const source = e.batchId === null ? null : `file #${e.batchId}${e.line === null ? "" : ` line ${e.line}`}`;
            return (
              <tr key={`${e.batchId}:${e.line}:${i}`} data-testid="evidence-row" className="hover:bg-slate-50">
                <Td>
                  <UtcTime value={e.time} />
                </Td>
                <Td className="font-mono text-xs">{e.method ?? <span className="text-slate-400">—</span>}</Td>
                <Td>
                  <Truncate text={uriOf(e)} mono className="text-slate-900" />
                </Td>
                <Td>
                  <Truncate text={e.ip} mono />
                </Td>
                <Td>
                  <Truncate text={e.userAgent} mono className="text-slate-600" />
                </Td>
                <Td numeric>{e.status ?? "—"}</Td>
                <Td>
                  {source ? (
                    <span
                      className="block truncate text-xs text-slate-600"
                      title={
                        e.fileName
                          ? `${e.fileName} (import #${e.batchId})${e.line === null ? "" : `, line ${e.line}`}`
                          : source
                      }
                    >
                      {source}
                    </span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
              </tr>
            );
          })}
          {shown.length === 0 && (
            <tr>
              <Td colSpan={7} className="text-center text-sm text-slate-500">
                No line matches the filter.
              </Td>
            </tr>
          )}
        </tbody>
      </Table>
      {pages > 1 && (
        <nav aria-label={`Pages of ${caption}`} className="flex items-center justify-end gap-2 px-4 py-2 text-xs">
          <span className="text-slate-600 tabular-nums">
            Page {current} of {pages}
          </span>
          <Button size="sm" disabled={current === 1} onClick={() => setPage(current - 1)}>
            Previous
          </Button>
          <Button size="sm" disabled={current === pages} onClick={() => setPage(current + 1)}>
            Next
          </Button>
        </nav>
      )}
    </div>
  );
}
