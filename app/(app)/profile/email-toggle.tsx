"use client";
import { ActionForm, SubmitButton } from "../action-form";
import { setEmailNotificationsAction } from "./actions";

export function EmailToggle({ on }: { on: boolean }) {
  return (
    <ActionForm
      action={setEmailNotificationsAction}
      hidden={{ email: on ? "off" : "on" }}
      label="Email notifications"
      testId="email-toggle"
      showSuccess
      className="flex items-center gap-3"
    >
      {({ pending }) => (
        <>
          <span data-testid="email-state">Email notifications are {on ? "on" : "off"}.</span>
          <SubmitButton pending={pending}>{on ? "Turn email off" : "Turn email on"}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
