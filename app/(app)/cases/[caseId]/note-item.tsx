"use client";
// One note or comment: its rendered text (rendered on the server, passed in), an edit form for
// its author or an admin, delete, and its edit history.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ActionForm, SubmitButton, useHydrated } from "../../action-form";
import { deleteNoteAction, editNoteAction } from "../actions";
import type { Person } from "@/lib/users/find-people";
import { MentionTextarea } from "./mention-textarea";

export function NoteItem({
  note,
  rendered,
  header,
  history,
  canChange,
  people,
}: {
  note: { id: number; version: number; body: string };
  rendered: ReactNode;
  header: ReactNode;
  history: ReactNode;
  canChange: boolean;
  /** Who the editor may @mention. */
  people: Person[];
}) {
  const [editing, setEditing] = useState(false);
  const hydrated = useHydrated();
  return (
    <article id={`note-${note.id}`} data-testid="note" className="rounded-md border border-slate-200 bg-white">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500">
        <div className="min-w-0">{header}</div>
        {canChange && !editing && (
          <div className="flex items-center gap-1">
            <Button size="sm" variant="ghost" disabled={!hydrated} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <ActionForm action={deleteNoteAction} hidden={{ noteId: note.id, version: note.version }} label="Delete">
              {({ pending }) => (
                <SubmitButton pending={pending} variant="ghost">
                  Delete
                </SubmitButton>
              )}
            </ActionForm>
          </div>
        )}
      </header>
      <div className="px-3 py-2">
        {editing ? (
          <ActionForm
            action={editNoteAction}
            hidden={{ noteId: note.id, version: note.version }}
            label="Edit note"
            testId="note-editor"
            onSuccess={() => setEditing(false)}
            className="space-y-2"
          >
            {({ pending }) => (
              <>
                <MentionTextarea
                  people={people}
                  name="body"
                  aria-label="Note text (Markdown)"
                  defaultValue={note.body}
                  rows={4}
                  maxLength={20_000}
                />
                <div className="flex gap-1.5">
                  <SubmitButton variant="primary" pending={pending}>
                    Save
                  </SubmitButton>
                  <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
                    Cancel
                  </Button>
                </div>
              </>
            )}
          </ActionForm>
        ) : (
          <div data-testid="note-body">{rendered}</div>
        )}
        {history}
      </div>
    </article>
  );
}
