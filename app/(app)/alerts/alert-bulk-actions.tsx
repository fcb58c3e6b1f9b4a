"use client";
// The queue's selection and bulk actions. The row checkboxes live in the (server-rendered)
// table and join this form with form="alert-bulk"; this component counts them, offers "select
// all" and the four actions, and clears the selection after one succeeds.
import { useRef, useState, type ReactNode } from "react";
import { ActionForm, SubmitButton } from "../action-form";
import { bulkAlertAction } from "./actions";
import { BULK_FORM_ID } from "./bulk-form-id";

const FIELD =
  "h-7 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 placeholder:text-slate-400 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";

const boxes = (root: HTMLElement | null) => [
  ...(root?.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${BULK_FORM_ID}"]`) ?? []),
];

export function AlertBulkActions({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(0);
  const [total, setTotal] = useState(0);
  const recount = () => {
    const all = boxes(root.current);
    setSelected(all.filter((b) => b.checked).length);
    setTotal(all.length);
  };
  const selectAll = (checked: boolean) => {
    for (const b of boxes(root.current)) b.checked = checked;
    recount();
  };

  return (
    <div ref={root} onChange={recount}>
      <ActionForm
        id={BULK_FORM_ID}
        action={bulkAlertAction}
        label="Selected alerts"
        testId="alert-bulk-actions"
        showSuccess
        resetOnSuccess
        onSuccess={() => selectAll(false)}
        className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-slate-50 px-4 py-2"
      >
        {({ pending }) => (
          <>
            <label className="flex items-center gap-1.5 text-xs font-medium text-slate-700">
              <input
                type="checkbox"
                aria-label="Select every alert on this page"
                checked={total > 0 && selected === total}
                onChange={(e) => selectAll(e.currentTarget.checked)}
                className="size-4 rounded border-slate-300"
              />
              <span data-testid="selected-count">{selected} selected</span>
            </label>
            <SubmitButton name="op" value="create" pending={pending} disabled={selected === 0} variant="primary">
              Open case
            </SubmitButton>
            <span className="flex items-center gap-1">
              <input
                name="caseNumber"
                aria-label="Case number to add the alerts to"
                placeholder="CASE-2026-0001"
                autoComplete="off"
                spellCheck={false}
                className={`${FIELD} w-36 font-mono text-xs`}
              />
              <SubmitButton name="op" value="add" pending={pending} disabled={selected === 0}>
                Add to case
              </SubmitButton>
            </span>
            <span className="flex items-center gap-1">
              <input
                name="reason"
                aria-label="Reason to dismiss"
                placeholder="reason to dismiss"
                maxLength={500}
                autoComplete="off"
                className={`${FIELD} w-48`}
              />
              <SubmitButton name="op" value="dismiss" pending={pending} disabled={selected === 0}>
                Dismiss
              </SubmitButton>
            </span>
            <SubmitButton name="op" value="reenrich" pending={pending} disabled={selected === 0}>
              Re-run enrichment
            </SubmitButton>
          </>
        )}
      </ActionForm>
      {children}
    </div>
  );
}
