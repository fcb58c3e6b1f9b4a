"use client";

import { Button } from "@/components/ui/button";
import { ActionForm } from "../../action-form";
import { labelAttackerAction } from "../actions";

const FIELD =
  "h-8 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";

/** The analyst's name for this attacker; empty removes it. */
export function LabelForm({ id, label }: { id: number; label: string | null }) {
  return (
    <ActionForm action={labelAttackerAction} hidden={{ id }} className="space-y-1" showSuccess>
      {({ pending }) => (
        <>
          <label htmlFor="attacker-label" className="block text-xs font-medium text-slate-500">
            Label
          </label>
          <div className="flex max-w-md gap-2">
            <input
              id="attacker-label"
              name="label"
              defaultValue={label ?? ""}
              maxLength={120}
              placeholder="e.g. the operator behind the March intrusions"
              autoComplete="off"
              className={FIELD}
            />
            <Button type="submit" size="md" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
