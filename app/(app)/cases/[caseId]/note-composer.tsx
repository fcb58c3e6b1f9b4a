"use client";
// Write a comment (discussion) or a note (the analyst's write-up), in Markdown.
import { ActionForm, SubmitButton } from "../../action-form";
import { addNoteAction } from "../actions";
import { FIELD, TEXTAREA } from "./field-styles";

export function NoteComposer({ caseId }: { caseId: number }) {
  return (
    <ActionForm
      action={addNoteAction}
      hidden={{ caseId }}
      label="Add a comment or note"
      testId="note-composer"
      resetOnSuccess
      className="space-y-2"
    >
      {({ pending }) => (
        <>
          <textarea
            name="body"
            aria-label="Comment text (Markdown)"
            rows={3}
            maxLength={20_000}
            placeholder="Write a comment… Markdown works: **bold**, `code`, lists, links."
            className={TEXTAREA}
          />
          <div className="flex items-center gap-2">
            <select name="kind" aria-label="Kind" defaultValue="comment" className={FIELD}>
              <option value="comment">Comment</option>
              <option value="note">Note</option>
            </select>
            <SubmitButton variant="primary" pending={pending}>
              Add
            </SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
