"use client";

import { useId, useState, type DragEvent, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { formatBytes, formatPercent } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ImportKind } from "@/lib/generated/prisma/enums";
import { UploadError, uploadFile } from "./upload-file";

interface UploadItem {
  key: string;
  fileName: string;
  size: number;
  state: "waiting" | "uploading" | "queued" | "failed";
  progress: number;
  batchId?: number;
  error?: string;
}

const KINDS: { value: ImportKind; label: string; hint: string }[] = [
  { value: "web_log", label: "IIS web logs", hint: "W3C u_ex*.log files, or W3CIISLog exports (CSV/JSON)" },
  { value: "alerts", label: "Defender alerts", hint: "SecurityAlert exports from Log Analytics (JSON/CSV)" },
];

// Same rule as the server's (app/api/v1/imports/route.ts); the server has the last word.
const NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._\\-]*";

let nextKey = 0;

export function UploadPanel({ maxUploadMb, onUploaded }: { maxUploadMb: number; onUploaded: () => void }) {
  const ids = useId();
  const [kind, setKind] = useState<ImportKind>("web_log");
  const [host, setHost] = useState("");
  const [site, setSite] = useState("");
  const [selected, setSelected] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [busy, setBusy] = useState(false);
  const maxBytes = maxUploadMb * 1024 * 1024;

  const addFiles = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setSelected((current) => [...current, ...Array.from(files)]);
  };

  const update = (key: string, patch: Partial<UploadItem>) =>
    setUploads((items) => items.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (selected.length === 0 || busy) return;
    const files = selected;
    const items: UploadItem[] = files.map((file) => ({
      key: `u${nextKey++}`,
      fileName: file.name,
      size: file.size,
      state: "waiting",
      progress: 0,
    }));
    setSelected([]);
    setUploads((current) => [...items, ...current]);
    setBusy(true);
    const options = kind === "web_log" ? { host: host.trim() || undefined, site: site.trim() || undefined } : {};
    // One file at a time: the first finishes (and starts importing) soonest, and the bar of
    // each file means something.
    for (const [i, file] of files.entries()) {
      const item = items[i]!;
      if (file.size === 0) {
        update(item.key, { state: "failed", error: "The file is empty." });
        continue;
      }
      if (file.size > maxBytes) {
        update(item.key, { state: "failed", error: `Larger than the ${maxUploadMb} MiB upload limit.` });
        continue;
      }
      update(item.key, { state: "uploading" });
      try {
        const accepted = await uploadFile({
          file,
          kind,
          ...options,
          onProgress: (progress) => update(item.key, { progress }),
        });
        update(item.key, { state: "queued", progress: 1, batchId: accepted.batchId });
        onUploaded();
      } catch (err) {
        update(item.key, {
          state: "failed",
          error: err instanceof UploadError ? err.message : "The upload failed unexpectedly.",
        });
      }
    }
    setBusy(false);
  };

  const totalSelected = selected.reduce((sum, f) => sum + f.size, 0);
  const finished = uploads.filter((u) => u.state === "queued" || u.state === "failed").length;

  return (
    <Panel
      title="Upload files"
      description={`Files are stored, then imported in the background. Up to ${maxUploadMb.toLocaleString("en-US")} MiB per file.`}
      labelledBy={`${ids}-title`}
    >
      <form onSubmit={onSubmit} className="grid gap-5 p-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex min-w-0 flex-col gap-3">
          <input
            id={`${ids}-files`}
            type="file"
            multiple
            className="peer sr-only"
            onChange={(e) => {
              addFiles(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
          <label
            htmlFor={`${ids}-files`}
            onDragEnter={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragOver={(e) => {
              e.preventDefault();
              e.dataTransfer.dropEffect = "copy";
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
            }}
            onDrop={onDrop}
            className={cx(
              "flex min-h-36 flex-1 cursor-pointer flex-col items-center justify-center gap-1.5 rounded-lg border-2 border-dashed px-6 py-6 text-center transition-colors",
              "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600",
              dragging
                ? "border-blue-500 bg-blue-50"
                : "border-slate-300 bg-slate-50 hover:border-slate-400 hover:bg-slate-100/60",
            )}
          >
            <svg
              aria-hidden="true"
              viewBox="0 0 24 24"
              className="size-7 text-slate-400"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            >
              <path
                strokeLinecap="round"
                strokeLinejoin="round"
                d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2"
              />
            </svg>
            <span className="text-sm text-slate-700">
              <span className="font-semibold text-blue-700 underline-offset-2 hover:underline">Choose files</span> or
              drop them here
            </span>
            <span className="text-xs text-slate-500">Several at once is fine; each file becomes one import.</span>
          </label>

          {selected.length > 0 && (
            <div className="rounded-lg border border-slate-200">
              <div className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
                <span>
                  {selected.length} file{selected.length === 1 ? "" : "s"} selected · {formatBytes(totalSelected)}
                </span>
                <button
                  type="button"
                  className="rounded font-medium text-slate-700 hover:underline"
                  onClick={() => setSelected([])}
                >
                  Clear
                </button>
              </div>
              <ul className="max-h-48 divide-y divide-slate-100 overflow-y-auto">
                {selected.map((file, i) => (
                  <li key={`${file.name}-${i}`} className="flex items-center gap-3 px-3 py-1.5">
                    <span className="min-w-0 flex-1 truncate" title={file.name}>
                      {file.name}
                    </span>
                    <span
                      className={cx(
                        "shrink-0 text-xs tabular-nums",
                        file.size > maxBytes ? "font-medium text-red-700" : "text-slate-500",
                      )}
                    >
                      {formatBytes(file.size)}
                      {file.size > maxBytes && " — too large"}
                    </span>
                    <button
                      type="button"
                      aria-label={`Remove ${file.name}`}
                      className="shrink-0 rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
                      onClick={() => setSelected((files) => files.filter((_, j) => j !== i))}
                    >
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>

        <div className="flex flex-col gap-4">
          <fieldset>
            <legend className="mb-1.5 text-xs font-medium text-slate-700">Kind of file</legend>
            <div className="grid grid-cols-2 gap-2">
              {KINDS.map((k) => (
                <label
                  key={k.value}
                  className={cx(
                    "relative flex cursor-pointer flex-col rounded-md border px-3 py-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-600",
                    kind === k.value
                      ? "border-slate-900 bg-slate-900 text-white"
                      : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
                  )}
                >
                  <input
                    type="radio"
                    name="kind"
                    value={k.value}
                    checked={kind === k.value}
                    onChange={() => setKind(k.value)}
                    className="sr-only"
                  />
                  <span className="text-sm font-medium">{k.label}</span>
                </label>
              ))}
            </div>
            <p className="mt-1.5 text-xs text-slate-500">{KINDS.find((k) => k.value === kind)?.hint}</p>
          </fieldset>

          <div className={cx("grid grid-cols-2 gap-3", kind !== "web_log" && "opacity-50")}>
            <div>
              <label htmlFor={`${ids}-host`} className="mb-1 block text-xs font-medium text-slate-700">
                Host <span className="font-normal text-slate-500">(optional)</span>
              </label>
              <input
                id={`${ids}-host`}
                name="host"
                value={host}
                onChange={(e) => setHost(e.target.value)}
                disabled={kind !== "web_log"}
                maxLength={255}
                pattern={NAME_PATTERN}
                placeholder="web01"
                autoComplete="off"
                spellCheck={false}
                className="h-8 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm placeholder:text-slate-400 invalid:border-red-500 disabled:cursor-not-allowed disabled:bg-slate-100"
              />
            </div>
            <div>
              <label htmlFor={`${ids}-site`} className="mb-1 block text-xs font-medium text-slate-700">
                Site <span className="font-normal text-slate-500">(optional)</span>
              </label>
              <input
                id={`${ids}-site`}
                name="site"
                value={site}
                onChange={(e) => setSite(e.target.value)}
                disabled={kind !== "web_log"}
                maxLength={255}
                pattern={NAME_PATTERN}
                placeholder="W3SVC1"
                autoComplete="off"
                spellCheck={false}
                className="h-8 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm placeholder:text-slate-400 invalid:border-red-500 disabled:cursor-not-allowed disabled:bg-slate-100"
              />
            </div>
            <p className="col-span-2 -mt-1 text-xs text-slate-500">
              For W3C files without s-computername / s-sitename. Values in the file take precedence.
            </p>
          </div>

          <Button type="submit" variant="primary" disabled={selected.length === 0 || busy} className="mt-auto w-full">
            {busy
              ? "Uploading…"
              : selected.length > 0
                ? `Upload ${selected.length} file${selected.length === 1 ? "" : "s"}`
                : "Upload"}
          </Button>
        </div>
      </form>

      {uploads.length > 0 && (
        <div className="border-t border-slate-200">
          <div className="flex items-center justify-between px-4 py-2 text-xs text-slate-600">
            <h3 className="font-medium text-slate-700">Uploads from this page</h3>
            {finished > 0 && (
              <button
                type="button"
                className="rounded font-medium text-slate-700 hover:underline"
                onClick={() =>
                  setUploads((items) => items.filter((u) => u.state === "waiting" || u.state === "uploading"))
                }
              >
                Clear finished
              </button>
            )}
          </div>
          <ul
            aria-live="polite"
            className="max-h-56 divide-y divide-slate-100 overflow-y-auto border-t border-slate-100"
          >
            {uploads.map((u) => (
              <li
                key={u.key}
                data-testid="upload-item"
                className="grid grid-cols-[minmax(0,1fr)_14rem] items-center gap-4 px-4 py-1.5"
              >
                <span className="flex min-w-0 items-baseline gap-2">
                  <span className="truncate font-medium" title={u.fileName}>
                    {u.fileName}
                  </span>
                  <span className="shrink-0 text-xs text-slate-500 tabular-nums">{formatBytes(u.size)}</span>
                </span>
                <span className="text-xs">
                  {u.state === "waiting" && <span className="text-slate-500">Waiting…</span>}
                  {u.state === "uploading" && (
                    <span className="flex items-center gap-2">
                      <ProgressBar value={u.progress} label={`Uploading ${u.fileName}`} className="flex-1" />
                      <span className="w-9 text-right text-slate-600 tabular-nums">{formatPercent(u.progress)}</span>
                    </span>
                  )}
                  {u.state === "queued" && (
                    <span className="text-emerald-700">Uploaded — import #{u.batchId} queued</span>
                  )}
                  {u.state === "failed" && (
                    <span className="block truncate text-red-700" title={u.error}>
                      {u.error}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  );
}
