"use client";
// Tags: remove one with its ×, add one with the field. Each save sends the whole list with the
// version it was read at, so two people editing tags at once cannot silently drop each other's.
import { ActionForm, SubmitButton } from "../../action-form";
import { updateCaseAction } from "../actions";
import { FIELD } from "./field-styles";

export function TagsControl({ caseId, version, tags }: { caseId: number; version: number; tags: string[] }) {
  return (
    <div className="space-y-1.5">
      {tags.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag}>
              <ActionForm action={updateCaseAction} hidden={{ caseId, version, tagsPresent: "1" }}>
                {({ pending }) => (
                  <span className="inline-flex items-center gap-0.5 rounded bg-slate-100 py-0.5 pr-0.5 pl-1.5 text-xs text-slate-800 ring-1 ring-slate-300 ring-inset">
                    <span className="max-w-40 truncate" title={tag}>
                      {tag}
                    </span>
                    {tags
                      .filter((t) => t !== tag)
                      .map((t) => (
                        <input key={t} type="hidden" name="tags[]" value={t} />
                      ))}
                    <button
                      type="submit"
                      disabled={pending}
                      aria-label={`Remove tag ${tag}`}
                      className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900"
                    >
                      ×
                    </button>
                  </span>
                )}
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      <ActionForm
        action={updateCaseAction}
        hidden={{ caseId, version, tagsPresent: "1" }}
        label="Add a tag"
        testId="tags-form"
        resetOnSuccess
      >
        {({ pending }) => (
          <div className="flex gap-1.5">
            {tags.map((t) => (
              <input key={t} type="hidden" name="tags[]" value={t} />
            ))}
            <input
              name="tags[]"
              aria-label="New tag"
              placeholder="add a tag"
              maxLength={40}
              required
              autoComplete="off"
              className={`${FIELD} w-32`}
            />
            <SubmitButton pending={pending}>Add</SubmitButton>
          </div>
        )}
      </ActionForm>
    </div>
  );
}
