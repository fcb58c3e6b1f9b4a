import type { ReactNode } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { AlertDetail } from "@/lib/alerts/get-alert-by-id";

/** The alert's hosts, files and processes as Defender described them. */
export function AlertEntities({ alert }: { alert: AlertDetail }) {
  const empty = alert.hosts.length + alert.files.length + alert.processes.length === 0;
  return (
    <Panel title="Entities" description="Hosts, files and processes named by the alert" labelledBy="alert-entities">
      {empty ? (
        <EmptyState title="No host, file or process entity">The alert&apos;s Entities hold none of these.</EmptyState>
      ) : (
        <div className="divide-y divide-slate-200">
          {alert.hosts.length > 0 && (
            <EntitySection title="Hosts">
              <Table caption="Host entities">
                <thead>
                  <tr>
                    <Th className="w-56">Host name</Th>
                    <Th className="w-56">DNS domain</Th>
                    <Th>FQDN</Th>
                  </tr>
                </thead>
                <tbody>
                  {alert.hosts.map((h) => (
                    <tr key={h.id}>
                      <Td>
                        <Truncate text={h.hostName} className="font-medium" />
                      </Td>
                      <Td>
                        <Truncate text={h.dnsDomain} />
                      </Td>
                      <Td>
                        <Truncate text={h.fqdn} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </EntitySection>
          )}
          {alert.files.length > 0 && (
            <EntitySection title="Files">
              <Table caption="File entities">
                <thead>
                  <tr>
                    <Th className="w-48">Name</Th>
                    <Th>Directory</Th>
                    <Th className="w-[34rem]">Hashes</Th>
                  </tr>
                </thead>
                <tbody>
                  {alert.files.map((f) => (
                    <tr key={f.id} className="align-top">
                      <Td>
                        <Truncate text={f.name} className="font-medium" />
                      </Td>
                      <Td>
                        <Truncate text={f.directory} mono />
                      </Td>
                      <Td>
                        <FileHashes file={f} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </EntitySection>
          )}
          {alert.processes.length > 0 && (
            <EntitySection title="Processes">
              <Table caption="Process entities, in the order they were created">
                <thead>
                  <tr>
                    <Th className="w-36">Image</Th>
                    <Th className="w-20">PID</Th>
                    <Th>Command line</Th>
                    <Th className="w-40">Created (UTC)</Th>
                    <Th className="w-40">Parent</Th>
                  </tr>
                </thead>
                <tbody>
                  {alert.processes.map((p) => (
                    <tr key={p.id} className="align-top" data-testid="alert-process">
                      <Td>
                        <span title={p.imageFile?.directory ?? undefined}>
                          <Truncate text={p.imageFile?.name} className="font-medium" />
                        </span>
                        {p.accountName && <Truncate text={p.accountName} className="mt-0.5 text-xs text-slate-500" />}
                      </Td>
                      <Td className="tabular-nums">{p.processId ?? <span className="text-slate-400">—</span>}</Td>
                      <Td>
                        <CodeBlock text={p.commandLine} />
                      </Td>
                      <Td>
                        <UtcTime value={p.creationTimeUtc} />
                      </Td>
                      <Td>
                        {p.parent ? (
                          <span title={p.parent.commandLine ?? undefined} className="block truncate">
                            {p.parent.imageFile?.name ?? "process"}
                            {p.parent.processId && <span className="text-slate-500"> (PID {p.parent.processId})</span>}
                          </span>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </EntitySection>
          )}
        </div>
      )}
    </Panel>
  );
}

function EntitySection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="px-4 pt-3 pb-1.5 text-xs font-semibold tracking-wide text-slate-700 uppercase">{title}</h3>
      {children}
    </section>
  );
}

function FileHashes({ file }: { file: AlertDetail["files"][number] }) {
  const hashes = (
    [
      ["SHA-256", file.sha256],
      ["SHA-1", file.sha1],
      ["MD5", file.md5],
    ] as const
  ).filter(([, v]) => v);
  if (hashes.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <dl className="space-y-0.5">
      {hashes.map(([label, value]) => (
        <div key={label} className="flex min-w-0 gap-2">
          <dt className="w-14 shrink-0 text-xs text-slate-500">{label}</dt>
          <dd className="min-w-0 flex-1">
            <Truncate text={value} mono />
          </dd>
        </div>
      ))}
    </dl>
  );
}
