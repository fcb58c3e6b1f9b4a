"use client";

import { useActionState, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ROLES, type Role } from "@/lib/auth/roles";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/user-input";
import { linkEntraAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";
import { ActionMessage } from "./action-message";

export function UserRowActions({ user }: { user: { id: number; email: string; role: Role; disabled: boolean } }) {
  const ids = useId();
  const [roleState, roleAction, rolePending] = useActionState(setRoleAction, null);
  const [disabledState, disabledAction, disabledPending] = useActionState(setDisabledAction, null);
  const [passwordState, passwordAction, passwordPending] = useActionState(resetPasswordAction, null);
  const [linkState, linkAction, linkPending] = useActionState(linkEntraAction, null);
  const [resetting, setResetting] = useState(false);
  const [linking, setLinking] = useState(false);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {/* Keyed by the stored role, so the select shows it again after a refused change. */}
        <form action={roleAction} className="flex items-center gap-1.5" key={`${user.role}-${roleState?.message}`}>
          <input type="hidden" name="userId" value={user.id} />
          <Select name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`} compact className="w-28">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
          <Button type="submit" size="sm" disabled={rolePending}>
            Save role
          </Button>
        </form>
        <form action={disabledAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
          <Button type="submit" size="sm" variant="ghost" disabled={disabledPending}>
            {user.disabled ? "Enable" : "Disable"}
          </Button>
        </form>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={resetting}
          aria-controls={`${ids}-reset`}
          onClick={() => setResetting((r) => !r)}
        >
          Reset password
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={linking}
          aria-controls={`${ids}-link`}
          onClick={() => setLinking((l) => !l)}
        >
          Link Microsoft
        </Button>
      </div>
      {resetting && (
        <form id={`${ids}-reset`} action={passwordAction} className="flex items-center gap-1.5">
          <input type="hidden" name="userId" value={user.id} />
          <Input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            aria-label={`New password for ${user.email}`}
            placeholder="New password"
            title={`At least ${PASSWORD_MIN_LENGTH} characters`}
            compact
          />
          <Button type="submit" size="sm" disabled={passwordPending}>
            Set
          </Button>
        </form>
      )}
      {linking && (
        // Sign-in with Microsoft finds a user by this object id only, never by email.
        <form id={`${ids}-link`} action={linkAction} className="flex items-center gap-1.5">
          <input type="hidden" name="userId" value={user.id} />
          <Input
            name="objectId"
            aria-label={`Entra object id for ${user.email}`}
            placeholder="Entra object id (empty: unlink)"
            title="The user's Object ID in the Entra admin center (a GUID)"
            autoComplete="off"
            spellCheck={false}
            compact
          />
          <Button type="submit" size="sm" disabled={linkPending}>
            Link
          </Button>
        </form>
      )}
      <ActionMessage state={roleState} />
      <ActionMessage state={disabledState} />
      <ActionMessage state={passwordState} />
      <ActionMessage state={linkState} />
    </div>
  );
}
