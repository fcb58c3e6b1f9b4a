"use client";

import { Fragment, useState, type ReactNode } from "react";
import { cx } from "@/components/ui/cx";
import { formatBytes, formatCount, formatPercent } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, Td, Th } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { UtcTime } from "@/components/ui/utc-time";
import type { ImportBatchView } from "@/lib/ingest/find-import-batches";
import { importKindLabel } from "./import-kind-label";
import { ImportStatusBadge } from "./import-status-badge";

const COLUMNS = 9;

export function ImportsTable({ batches }: { batches: ImportBatchView[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Table caption="Imports, newest first">
      <thead>
        <tr>
          <Th className="w-10">
            <span className="sr-only">Details</span>
          </Th>
          <Th>File</Th>
          <Th className="w-32">Kind</Th>
          <Th className="w-40">Status</Th>
          <Th numeric className="w-24">
            Imported
          </Th>
          <Th numeric className="hidden w-24 xl:table-cell">
            Duplicates
          </Th>
          <Th numeric className="hidden w-24 xl:table-cell">
            Updated
          </Th>
          <Th numeric className="w-20">
            Errors
          </Th>
          <Th className="w-44">Finished</Th>
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <ImportRow key={b.id} batch={b} expanded={expanded.has(b.id)} onToggle={() => toggle(b.id)} />
        ))}
      </tbody>
    </Table>
  );
}

function ImportRow({
  batch: b,
  expanded,
  onToggle,
}: {
  batch: ImportBatchView;
  expanded: boolean;
  onToggle: () => void;
}) {
  const detailsId = `import-${b.id}-details`;
  return (
    <Fragment>
      <tr
        data-testid="import-row"
        data-batch-id={b.id}
        data-status={b.status}
        data-progress={b.progress}
        className={cx("align-top", expanded ? "bg-slate-50" : "hover:bg-slate-50")}
      >
        <Td className="pr-0">
          <button
            type="button"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-controls={detailsId}
            aria-label={`${expanded ? "Hide" : "Show"} details of ${b.fileName}`}
            className="flex size-6 items-center justify-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900"
          >
            <svg
              aria-hidden="true"
              viewBox="0 0 20 20"
              className={cx("size-4 transition-transform", expanded && "rotate-90")}
              fill="currentColor"
            >
              <path d="M7.2 4.7a.75.75 0 0 1 1.06 0l4.77 4.77a.75.75 0 0 1 0 1.06L8.26 15.3a.75.75 0 1 1-1.06-1.06L11.44 10 7.2 5.76a.75.75 0 0 1 0-1.06Z" />
            </svg>
          </button>
        </Td>
        <Td>
          <Truncate text={b.fileName} className="font-medium text-slate-900" />
          {b.startedBy && (
            <p data-testid="import-started-by" className="mt-0.5 truncate text-xs text-slate-500">
              by {b.startedBy}
            </p>
          )}
          {b.message && (b.status === "rejected" || b.status === "failed") && (
            <p
              data-testid="import-message"
              title={b.message}
              className={cx("mt-0.5 truncate text-xs", b.status === "failed" ? "text-red-700" : "text-amber-800")}
            >
              {b.message}
            </p>
          )}
        </Td>
        <Td className="text-slate-600">{importKindLabel(b.kind)}</Td>
        <Td>
          <ImportStatusBadge status={b.status} testId="import-status" />
          {b.status === "running" && (
            <div className="mt-1.5 flex items-center gap-2">
              <ProgressBar value={b.progress} label={`Import progress of ${b.fileName}`} className="flex-1" />
              <span className="w-8 text-right text-xs text-slate-600 tabular-nums">{formatPercent(b.progress)}</span>
            </div>
          )}
        </Td>
        <Td numeric data-testid="import-imported">
          {formatCount(b.imported)}
        </Td>
        <Td numeric className="hidden xl:table-cell" data-testid="import-duplicates">
          {formatCount(b.duplicates)}
        </Td>
        <Td numeric className="hidden xl:table-cell" data-testid="import-updated">
          {formatCount(b.updated)}
        </Td>
        <Td numeric data-testid="import-errors" className={b.errorCount > 0 ? "font-medium text-amber-800" : undefined}>
          {formatCount(b.errorCount)}
        </Td>
        <Td>
          <UtcTime value={b.finishedAt} />
        </Td>
      </tr>
      {expanded && (
        <tr id={detailsId} className="bg-slate-50">
          <td colSpan={COLUMNS} className="border-b border-slate-200 px-4 pt-1 pb-4">
            <ImportDetails batch={b} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function ImportDetails({ batch: b }: { batch: ImportBatchView }) {
  const facts: [string, ReactNode][] = [
    ["Import", `#${b.id}`],
    ["Size", formatBytes(b.size)],
    ["Format", b.format ?? "—"],
    ["Lines read", formatCount(b.linesTotal)],
    ["Host given", b.hostGiven ?? "—"],
    ["Site given", b.siteGiven ?? "—"],
    ["Added", <UtcTime key="c" value={b.createdAt} />],
    ["Started", <UtcTime key="s" value={b.startedAt} />],
    ["Started by", b.startedBy ?? "—"],
  ];
  return (
    <div className="space-y-3">
      {b.message && (
        <div
          role="note"
          className={cx(
            "rounded-md border px-3 py-2 text-sm",
            b.status === "failed"
              ? "border-red-200 bg-red-50 text-red-900"
              : "border-amber-200 bg-amber-50 text-amber-950",
          )}
        >
          <span className="font-semibold">
            {b.status === "rejected" ? "Rejected: " : b.status === "failed" ? "Failed: " : "Note: "}
          </span>
          <span className="break-words whitespace-pre-wrap">{b.message}</span>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1.5 text-xs sm:grid-cols-4 xl:grid-cols-8">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-slate-500">{label}</dt>
            <dd className="truncate text-slate-900">{value}</dd>
          </div>
        ))}
        <div className="col-span-2 min-w-0 sm:col-span-4 xl:col-span-8">
          <dt className="text-slate-500">SHA-256</dt>
          <dd className="truncate font-mono text-slate-900">{b.sha256 ?? "—"}</dd>
        </div>
      </dl>
      <LineErrors batch={b} />
    </div>
  );
}

function LineErrors({ batch: b }: { batch: ImportBatchView }) {
  if (b.errorCount === 0) return <p className="text-xs text-slate-500">No line errors.</p>;
  const unit = b.kind === "alerts" ? "Row" : "Line";
  return (
    <div className="rounded-md border border-slate-200 bg-white">
      <p className="border-b border-slate-200 px-3 py-1.5 text-xs font-medium text-slate-700">
        {b.errors.length < b.errorCount
          ? `Line errors — first ${formatCount(b.errors.length)} of ${formatCount(b.errorCount)}`
          : `Line errors — ${formatCount(b.errorCount)}`}
      </p>
      <div className="max-h-72 overflow-y-auto">
        <table className="w-full table-fixed text-left text-xs">
          <caption className="sr-only">Line errors of {b.fileName}</caption>
          <thead className="sticky top-0 bg-slate-50 text-slate-500">
            <tr>
              <th scope="col" className="w-24 px-3 py-1 font-medium">
                {unit}
              </th>
              <th scope="col" className="px-3 py-1 font-medium">
                Reason
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {b.errors.map((e, i) => (
              <tr key={i}>
                <td className="px-3 py-1 font-mono text-slate-700 tabular-nums">{e.line ?? e.row ?? "—"}</td>
                <td className="px-3 py-1 break-words text-slate-800">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
