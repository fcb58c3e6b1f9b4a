// What a user record accepts, validated once where it enters (server actions, the CLI, Entra
// sign-in): one schema per field, combined per operation. Types come from these schemas.
import { z } from "zod";
import { ROLES } from "../auth/roles";

export const PASSWORD_MIN_LENGTH = 12;
// scrypt's cost does not grow with the length much, but nobody needs more, and a bound keeps
// sign-in requests small.
export const PASSWORD_MAX_LENGTH = 256;

export const emailSchema = z
  .string({ message: "Email is required." })
  .trim()
  .toLowerCase()
  .max(254, "Email is longer than 254 characters.")
  .pipe(z.email({ message: "Enter a valid email address." }));

export const nameSchema = z
  .string({ message: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(120, "Name is longer than 120 characters.");

export const roleSchema = z.enum(ROLES, { message: "Role must be admin, analyst or viewer." });

export const passwordSchema = z
  .string({ message: "Password is required." })
  .min(PASSWORD_MIN_LENGTH, `The password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `The password must be at most ${PASSWORD_MAX_LENGTH} characters.`);

export const createUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: roleSchema,
  /** Omitted for a user who signs in with Entra ID only. */
  password: passwordSchema.optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ name: nameSchema, role: roleSchema, disabled: z.boolean() })
  .partial()
  .refine((u) => Object.values(u).some((v) => v !== undefined), "Nothing to change.");
export type UpdateUserInput = z.input<typeof updateUserSchema>;

/** A user named by id (the admin page) or by email (the CLI). */
export type UserRef = { id: number } | { email: string };

/** An Entra ID account's object id (the `oid` claim): a GUID, immutable for the account. */
export const entraObjectIdSchema = z
  .string({ message: "Object id is required." })
  .trim()
  .toLowerCase()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "The object id is a GUID (Entra admin center → Users → the user → Object ID).",
  );
