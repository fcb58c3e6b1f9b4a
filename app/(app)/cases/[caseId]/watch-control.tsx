"use client";
import { ActionForm, SubmitButton } from "../../action-form";
import { unwatchCaseAction, watchCaseAction } from "../actions";

export function WatchControl({ caseId, watching }: { caseId: number; watching: boolean }) {
  return (
    <ActionForm action={watching ? unwatchCaseAction : watchCaseAction} hidden={{ caseId }} label="Watch">
      {({ pending }) => <SubmitButton pending={pending}>{watching ? "Stop watching" : "Watch"}</SubmitButton>}
    </ActionForm>
  );
}
