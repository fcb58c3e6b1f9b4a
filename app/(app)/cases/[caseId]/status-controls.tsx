"use client";
// The lifecycle buttons: one per status the case may move to (lib/cases/case-lifecycle.ts
// decides which), and closing through a form that asks for the classification and conclusion.
// The server checks the same rules; a refusal is shown under the form.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { CaseClassification, CaseStatus } from "@/lib/generated/prisma/enums";
import { ActionForm, SubmitButton } from "../../action-form";
import { changeCaseStatusAction } from "../actions";
import { CLASSIFICATION_LABEL } from "../classification-label";
import { FIELD, TEXTAREA } from "./field-styles";

const ORDER: CaseStatus[] = ["new", "triage", "investigating", "contained", "closed"];

function moveLabel(from: CaseStatus, to: CaseStatus): string {
  if (from === "closed") return `Reopen to ${to}`;
  return ORDER.indexOf(to) < ORDER.indexOf(from) ? `Back to ${to}` : `Move to ${to}`;
}

export function StatusControls({
  caseId,
  version,
  status,
  allowed,
}: {
  caseId: number;
  version: number;
  status: CaseStatus;
  allowed: CaseStatus[];
}) {
  const [closing, setClosing] = useState(false);
  const moves = allowed.filter((s) => s !== "closed");
  return (
    <div className="space-y-2">
      <ActionForm
        action={changeCaseStatusAction}
        hidden={{ caseId, version }}
        label="Change status"
        testId="status-form"
      >
        {({ pending }) => (
          <div className="flex flex-wrap gap-1.5">
            {moves.map((to) => (
              <SubmitButton key={to} name="to" value={to} pending={pending}>
                {moveLabel(status, to)}
              </SubmitButton>
            ))}
            {allowed.includes("closed") && !closing && (
              <Button size="sm" variant="primary" onClick={() => setClosing(true)}>
                Close case…
              </Button>
            )}
          </div>
        )}
      </ActionForm>
      {closing && <CloseForm caseId={caseId} version={version} onCancel={() => setClosing(false)} />}
    </div>
  );
}

function CloseForm({ caseId, version, onCancel }: { caseId: number; version: number; onCancel: () => void }) {
  return (
    <ActionForm
      action={changeCaseStatusAction}
      hidden={{ caseId, version, to: "closed" }}
      label="Close the case"
      testId="close-form"
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2.5"
    >
      {({ pending }) => (
        <>
          <div className="flex flex-col gap-1">
            <label htmlFor="close-classification" className="text-xs font-medium text-slate-600">
              Classification
            </label>
            <select id="close-classification" name="classification" defaultValue="" className={FIELD}>
              <option value="">Choose…</option>
              {(Object.keys(CLASSIFICATION_LABEL) as CaseClassification[]).map((c) => (
                <option key={c} value={c}>
                  {CLASSIFICATION_LABEL[c]}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="close-conclusion" className="text-xs font-medium text-slate-600">
              Conclusion (Markdown)
            </label>
            <textarea
              id="close-conclusion"
              name="conclusion"
              rows={4}
              maxLength={20_000}
              placeholder="What happened, what was done, what is left."
              className={TEXTAREA}
            />
          </div>
          <div className="flex gap-1.5">
            <SubmitButton variant="primary" pending={pending}>
              Close case
            </SubmitButton>
            <Button size="sm" variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
