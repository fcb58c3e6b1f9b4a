"use server";
// The Users page's changes. Each is a public endpoint: formAction checks for an admin session
// first, then validates its form with zod, then calls lib/users (which writes the audit entry).
import { z } from "zod";
import { createUser } from "@/lib/users/create-user";
import { setUserPassword } from "@/lib/users/set-user-password";
import { updateUser } from "@/lib/users/update-user";
import { linkEntraUser } from "@/lib/users/link-entra-user";
import { createUserSchema, entraObjectIdSchema, passwordSchema, roleSchema } from "@/lib/users/user-input";
import { formAction } from "../../form-action";

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

export const createUserAction = formAction("admin", createUserFormSchema, async (actor, input) => {
  const user = await createUser(input, actor);
  return { message: `Created ${user.email} (${user.role}). Give them the initial password.` };
});

export const setRoleAction = formAction("admin", setRoleFormSchema, async (actor, { userId, role }) => {
  const user = await updateUser({ id: userId }, { role }, actor);
  return { message: `${user.email} is now ${user.role}.` };
});

export const setDisabledAction = formAction("admin", setDisabledFormSchema, async (actor, { userId, disabled }) => {
  const user = await updateUser({ id: userId }, { disabled }, actor);
  return {
    message: user.disabled ? `${user.email} is disabled and signed out.` : `${user.email} can sign in again.`,
  };
});

export const resetPasswordAction = formAction("admin", resetPasswordFormSchema, async (actor, { userId, password }) => {
  const user = await setUserPassword({ id: userId }, password, actor);
  return { message: `New password set for ${user.email}.` };
});

export const linkEntraAction = formAction("admin", linkEntraFormSchema, async (actor, { userId, objectId }) => {
  const user = await linkEntraUser({ id: userId }, objectId, actor);
  return {
    message: objectId
      ? `${user.email} can now sign in with the Microsoft account ${objectId}.`
      : `${user.email} is no longer linked to a Microsoft account.`,
  };
});
