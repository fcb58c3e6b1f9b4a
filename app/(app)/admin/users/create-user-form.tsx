"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { ROLES } from "@/lib/auth/roles";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/user-input";
import { ActionForm } from "../../action-form";
import { createUserAction } from "./actions";

export function CreateUserForm() {
  const ids = useId();
  return (
    // Emptied after a user is created.
    <ActionForm action={createUserAction} className="space-y-3 p-4" resetOnSuccess showSuccess>
      {({ pending }) => (
        <>
          <div className="space-y-1.5">
            <Label htmlFor={`${ids}-email`}>Email</Label>
            <Input id={`${ids}-email`} name="email" type="email" autoComplete="off" required />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={`${ids}-name`}>Name</Label>
            <Input id={`${ids}-name`} name="name" autoComplete="off" required maxLength={120} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={`${ids}-role`}>Role</Label>
            <Select id={`${ids}-role`} name="role" defaultValue="analyst">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </Select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={`${ids}-password`}>Initial password</Label>
            <Input
              id={`${ids}-password`}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              aria-describedby={`${ids}-password-hint`}
            />
            <p id={`${ids}-password-hint`} className="text-xs text-slate-500">
              At least {PASSWORD_MIN_LENGTH} characters.
            </p>
          </div>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Creating…" : "Create user"}
          </Button>
        </>
      )}
    </ActionForm>
  );
}
