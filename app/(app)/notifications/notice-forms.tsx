"use client";
// The inbox's forms (client components: ActionForm takes a render function).
import { ActionForm, SubmitButton } from "../action-form";
import { markAllReadAction, markReadAction, openNotificationAction } from "./actions";

export function MarkAllRead() {
  return (
    <ActionForm action={markAllReadAction} label="Mark all read" testId="mark-all-read">
      {({ pending }) => <SubmitButton pending={pending}>Mark all read</SubmitButton>}
    </ActionForm>
  );
}

export function MarkRead({ id }: { id: number }) {
  return (
    <ActionForm action={markReadAction} hidden={{ id }} label="Mark read">
      {({ pending }) => (
        <SubmitButton pending={pending} variant="ghost">
          Mark read
        </SubmitButton>
      )}
    </ActionForm>
  );
}

/** The notice's text as a button: marks it read and goes where it leads. */
export function OpenNotice({ id, summary }: { id: number; summary: string }) {
  return (
    <ActionForm action={openNotificationAction} hidden={{ id }} label="Open">
      {() => (
        <button
          type="submit"
          className="text-left text-sm break-words text-slate-900 hover:underline"
          data-testid="notification-open"
        >
          {summary}
        </button>
      )}
    </ActionForm>
  );
}
