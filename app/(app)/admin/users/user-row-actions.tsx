"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ROLES, type Role } from "@/lib/auth/roles";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/user-input";
import { ActionForm } from "../../action-form";
import { linkEntraAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";

export function UserRowActions({ user }: { user: { id: number; email: string; role: Role; disabled: boolean } }) {
  const ids = useId();
  const [resetting, setResetting] = useState(false);
  const [linking, setLinking] = useState(false);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        {/* Reset after a refusal, so the select shows the stored role again. */}
        <ActionForm action={setRoleAction} hidden={{ userId: user.id }} resetOnError showSuccess>
          {({ pending }) => (
            <div className="flex items-center gap-1.5">
              <Select
                name="role"
                defaultValue={user.role}
                aria-label={`Role of ${user.email}`}
                compact
                className="w-28"
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </Select>
              <Button type="submit" size="sm" disabled={pending}>
                Save role
              </Button>
            </div>
          )}
        </ActionForm>
        <ActionForm
          action={setDisabledAction}
          hidden={{ userId: user.id, disabled: user.disabled ? "false" : "true" }}
          showSuccess
        >
          {({ pending }) => (
            <Button type="submit" size="sm" variant="ghost" disabled={pending}>
              {user.disabled ? "Enable" : "Disable"}
            </Button>
          )}
        </ActionForm>
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
        <ActionForm id={`${ids}-reset`} action={resetPasswordAction} hidden={{ userId: user.id }} showSuccess>
          {({ pending }) => (
            <div className="flex items-center gap-1.5">
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
              <Button type="submit" size="sm" disabled={pending}>
                Set
              </Button>
            </div>
          )}
        </ActionForm>
      )}
      {linking && (
        // Sign-in with Microsoft finds a user by this object id only, never by email.
        <ActionForm id={`${ids}-link`} action={linkEntraAction} hidden={{ userId: user.id }} showSuccess>
          {({ pending }) => (
            <div className="flex items-center gap-1.5">
              <Input
                name="objectId"
                aria-label={`Entra object id for ${user.email}`}
                placeholder="Entra object id (empty: unlink)"
                title="The user's Object ID in the Entra admin center (a GUID)"
                autoComplete="off"
                spellCheck={false}
                compact
              />
              <Button type="submit" size="sm" disabled={pending}>
                Link
              </Button>
            </div>
          )}
        </ActionForm>
      )}
    </div>
  );
}
