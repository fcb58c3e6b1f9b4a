"use client";
// Who owns the case: pick an analyst, or take it ("Assign to me").
import { useState } from "react";
import type { AssignableUser } from "@/lib/cases/find-assignable-users";
import { ActionForm, SubmitButton } from "../../action-form";
import { updateCaseAction } from "../actions";
import { FIELD } from "./field-styles";

export function OwnerControl({
  caseId,
  version,
  owner,
  users,
  actorId,
}: {
  caseId: number;
  version: number;
  owner: AssignableUser | null;
  users: AssignableUser[];
  actorId: number;
}) {
  const [value, setValue] = useState(owner ? String(owner.id) : "");
  // A disabled owner is no longer offered, but stays shown as the current one.
  const options = owner && !users.some((u) => u.id === owner.id) ? [owner, ...users] : users;
  return (
    <div className="flex flex-wrap items-start gap-1.5">
      <ActionForm action={updateCaseAction} hidden={{ caseId, version }} label="Change owner" testId="owner-form">
        {({ pending }) => (
          <div className="flex gap-1.5">
            <select
              name="ownerId"
              aria-label="Owner"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              className={`${FIELD} max-w-48`}
            >
              <option value="">Unassigned</option>
              {options.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name || u.email}
                </option>
              ))}
            </select>
            <SubmitButton pending={pending} disabled={value === (owner ? String(owner.id) : "")}>
              Assign
            </SubmitButton>
          </div>
        )}
      </ActionForm>
      {owner?.id !== actorId && (
        <ActionForm action={updateCaseAction} hidden={{ caseId, version, ownerId: actorId }} label="Assign to me">
          {({ pending }) => <SubmitButton pending={pending}>Assign to me</SubmitButton>}
        </ActionForm>
      )}
    </div>
  );
}
