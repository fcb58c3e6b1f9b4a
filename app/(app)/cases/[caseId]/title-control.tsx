"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ActionForm, SubmitButton, useHydrated } from "../../action-form";
import { updateCaseAction } from "../actions";
import { FIELD } from "./field-styles";

export function TitleControl({ caseId, version, title }: { caseId: number; version: number; title: string }) {
  const [editing, setEditing] = useState(false);
  const hydrated = useHydrated();
  if (!editing) {
    return (
      <Button size="sm" variant="ghost" disabled={!hydrated} onClick={() => setEditing(true)}>
        Edit title
      </Button>
    );
  }
  return (
    <ActionForm
      action={updateCaseAction}
      hidden={{ caseId, version }}
      label="Rename the case"
      testId="title-form"
      onSuccess={() => setEditing(false)}
      className="w-full max-w-2xl"
    >
      {({ pending }) => (
        <div className="flex gap-1.5">
          <input
            name="title"
            aria-label="Title"
            defaultValue={title}
            maxLength={200}
            required
            className={`${FIELD} min-w-0 flex-1`}
          />
          <SubmitButton variant="primary" pending={pending}>
            Save
          </SubmitButton>
          <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </div>
      )}
    </ActionForm>
  );
}
