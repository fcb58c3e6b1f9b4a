"use client";
import { useState } from "react";
import { CASE_SEVERITIES } from "@/lib/cases/case-severity";
import { ActionForm, SubmitButton } from "../../action-form";
import { updateCaseAction } from "../actions";
import { FIELD } from "./field-styles";

export function SeverityControl({
  caseId,
  version,
  severity,
}: {
  caseId: number;
  version: number;
  severity: string | null;
}) {
  const [value, setValue] = useState(severity ?? "");
  return (
    <ActionForm action={updateCaseAction} hidden={{ caseId, version }} label="Change severity" testId="severity-form">
      {({ pending }) => (
        <div className="flex gap-1.5">
          <select
            name="severity"
            aria-label="Severity"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className={FIELD}
          >
            <option value="">None</option>
            {CASE_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <SubmitButton pending={pending} disabled={value === (severity ?? "")}>
            Save
          </SubmitButton>
        </div>
      )}
    </ActionForm>
  );
}
