"use server";
// The Users page's changes. Each is a public endpoint: it checks for an admin session first,
// then validates its form with zod, then calls lib/users (which writes the audit entry).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/app/action-state";
import { actionFailure } from "@/app/action-state";
import { requireActor } from "@/lib/auth/session";
import { createUser } from "@/lib/users/create-user";
import { setUserPassword } from "@/lib/users/set-user-password";
import { updateUser } from "@/lib/users/update-user";
import { linkEntraUser } from "@/lib/users/link-entra-user";
import { createUserSchema, entraObjectIdSchema, passwordSchema, roleSchema } from "@/lib/users/user-input";

const userIdSchema = z.coerce
  .number({ message: "Unknown user." })
  .int("Unknown user.")
  .positive("Unknown user.")
  .max(2_147_483_647, "Unknown user.");

const createUserFormSchema = createUserSchema.extend({ password: passwordSchema });
const setRoleFormSchema = z.object({ userId: userIdSchema, role: roleSchema });
const setDisabledFormSchema = z.object({
  userId: userIdSchema,
  disabled: z.enum(["true", "false"], { message: "Choose disable or enable." }).transform((v) => v === "true"),
});
const resetPasswordFormSchema = z.object({ userId: userIdSchema, password: passwordSchema });
// An empty object id unlinks.
const linkEntraFormSchema = z.object({
  userId: userIdSchema,
  objectId: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), entraObjectIdSchema.nullable()),
});

const fields = (form: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, form.get(n) ?? undefined]));

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const actor = await requireActor("admin");
    const input = createUserFormSchema.parse(fields(form, ["email", "name", "role", "password"]));
    const user = await createUser(input, actor);
    revalidatePath("/admin/users");
    return { ok: true, message: `Created ${user.email} (${user.role}). Give them the initial password.` };
  } catch (err) {
    return actionFailure(err, "createUser");
  }
}

export async function setRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const actor = await requireActor("admin");
    const { userId, role } = setRoleFormSchema.parse(fields(form, ["userId", "role"]));
    const user = await updateUser({ id: userId }, { role }, actor);
    revalidatePath("/admin/users");
    return { ok: true, message: `${user.email} is now ${user.role}.` };
  } catch (err) {
    return actionFailure(err, "setRole");
  }
}

export async function setDisabledAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const actor = await requireActor("admin");
    const { userId, disabled } = setDisabledFormSchema.parse(fields(form, ["userId", "disabled"]));
    const user = await updateUser({ id: userId }, { disabled }, actor);
    revalidatePath("/admin/users");
    return {
      ok: true,
      message: user.disabled ? `${user.email} is disabled and signed out.` : `${user.email} can sign in again.`,
    };
  } catch (err) {
    return actionFailure(err, "setDisabled");
  }
}

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const actor = await requireActor("admin");
    const { userId, password } = resetPasswordFormSchema.parse(fields(form, ["userId", "password"]));
    const user = await setUserPassword({ id: userId }, password, actor);
    return { ok: true, message: `New password set for ${user.email}.` };
  } catch (err) {
    return actionFailure(err, "resetPassword");
  }
}

export async function linkEntraAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const actor = await requireActor("admin");
    const { userId, objectId } = linkEntraFormSchema.parse(fields(form, ["userId", "objectId"]));
    const user = await linkEntraUser({ id: userId }, objectId, actor);
    revalidatePath("/admin/users");
    return {
      ok: true,
      message: objectId
        ? `${user.email} can now sign in with the Microsoft account ${objectId}.`
        : `${user.email} is no longer linked to a Microsoft account.`,
    };
  } catch (err) {
    return actionFailure(err, "linkEntra");
  }
}
