import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { CaseFinding } from "@/lib/cases/get-case-by-number";

/**
 * The web requests that support a finding, as IIS logged them, each with the file and line it
 * came from so it can be found again in the original log.
 */
export function EvidenceTable({ evidence, caption }: { evidence: CaseFinding["evidence"]; caption: string }) {
  return (
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
        {evidence.map((e, i) => {
          const uri = e.query ? `${e.uri}?${e.query}` : e.uri;
          const source = e.batchId === null ? null : `file #${e.batchId}${e.line === null ? "" : ` line ${e.line}`}`;
          return (
            <tr key={`${e.batchId}:${e.line}:${i}`} data-testid="evidence-row" className="hover:bg-slate-50">
              <Td>
                <UtcTime value={e.time} />
              </Td>
              <Td className="font-mono text-xs">{e.method ?? <span className="text-slate-400">—</span>}</Td>
              <Td>
                <Truncate text={uri} mono className="text-slate-900" />
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
      </tbody>
    </Table>
  );
}
