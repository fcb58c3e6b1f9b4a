"use client";

import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import type { ImportBatchView } from "@/lib/ingest/find-import-batches";
import type { Page } from "@/lib/paging";
import { ImportsTable } from "./imports-table";
import { UploadPanel } from "./upload-panel";
import { useImportBatches } from "./use-import-batches";

export function ImportsWorkspace({
  initial,
  maxUploadMb,
  canUpload,
}: {
  initial: Page<ImportBatchView>;
  maxUploadMb: number;
  /** Analysts and admins; the upload API refuses viewers either way. */
  canUpload: boolean;
}) {
  const { batches, error, active, refresh } = useImportBatches(initial);

  return (
    <div className="space-y-5">
      {canUpload && <UploadPanel maxUploadMb={maxUploadMb} onUploaded={() => void refresh()} />}

      <Panel
        title="Imports"
        labelledBy="imports-list-title"
        actions={
          <span className="flex items-center gap-3 text-xs">
            {error && (
              <span role="status" className="text-red-700">
                Could not refresh the list ({error}); retrying.
              </span>
            )}
            {active && !error && (
              <span role="status" className="flex items-center gap-1.5 text-slate-600">
                <span className="size-2 animate-pulse rounded-full bg-blue-600" aria-hidden="true" />
                Updating while imports run
              </span>
            )}
          </span>
        }
      >
        {batches.count === 0 ? (
          <EmptyState title="No imports yet">
            {canUpload
              ? "Upload IIS logs or Defender alert exports above, or import"
              : "An analyst can upload them, or import them"}{" "}
            from a shell with <Code>npm run -s cli -- import web-logs &lt;path&gt;</Code>.
          </EmptyState>
        ) : (
          <>
            <ImportsTable batches={batches.data} />
            <Pagination
              page={batches.page}
              perPage={batches.perPage}
              count={batches.count}
              hrefFor={(page) => `/imports?page=${page}`}
              noun="imports"
            />
          </>
        )}
      </Panel>
    </div>
  );
}
