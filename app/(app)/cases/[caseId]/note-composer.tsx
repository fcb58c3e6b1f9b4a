"use client";
// Write a comment (discussion) or a note (the analyst's write-up), in Markdown; `@` mentions
// someone, who is notified.
import type { Person } from "@/lib/users/find-people";
import { ActionForm, SubmitButton } from "../../action-form";
import { addNoteAction } from "../actions";
import { FIELD } from "./field-styles";
import { MentionTextarea } from "./mention-textarea";

export function NoteComposer({ caseId, people }: { caseId: number; people: Person[] }) {
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
          <MentionTextarea
            people={people}
            name="body"
            aria-label="Comment text (Markdown)"
            rows={3}
            maxLength={20_000}
            placeholder="Write a comment… @ mentions someone; Markdown works: **bold**, `code`, lists, links."
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
