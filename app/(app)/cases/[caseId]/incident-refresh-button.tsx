"use client";
import { ActionForm, SubmitButton } from "../../action-form";
import { refreshIncidentsAction } from "./incident-actions";

export function IncidentRefreshButton({ caseId }: { caseId: number }) {
  return (
    <ActionForm action={refreshIncidentsAction} hidden={{ caseId }} label="Refresh from Sentinel" showSuccess>
      {({ pending }) => <SubmitButton pending={pending}>Refresh from Sentinel</SubmitButton>}
    </ActionForm>
  );
}
