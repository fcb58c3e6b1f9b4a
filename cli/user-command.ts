// `user create|list|set-role|disable|enable|set-password|link-entra|unlink-entra`: the first admin of a deployment is
// made here; the Users page does the rest. Changes are audited with the system as the actor.
import { ZodError } from "zod";
import { AppError } from "../lib/errors";
import { createUser } from "../lib/users/create-user";
import { findUsers } from "../lib/users/find-users";
import { getUserByEmail } from "../lib/users/get-user-by-email";
import { setUserPassword } from "../lib/users/set-user-password";
import { updateUser } from "../lib/users/update-user";
import { linkEntraUser } from "../lib/users/link-entra-user";
import { emailSchema, entraObjectIdSchema, nameSchema, passwordSchema, roleSchema } from "../lib/users/user-input";
import type { UserView } from "../lib/users/user-view";
import { readPassword } from "./read-password";
import { UsageError } from "./usage-error";

export interface UserCommandOptions {
  email?: string;
  name?: string;
  role?: string;
  passwordStdin: boolean;
  objectId?: string;
}

type Out = (doc: unknown, human: string) => void;

/** Validates one argument, turning a zod refusal into a usage error that names the flag. */
function arg<T>(flag: string, value: string | undefined, schema: { parse(v: unknown): T }): T {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  try {
    return schema.parse(value);
  } catch (err) {
    if (err instanceof ZodError) throw new UsageError(`${flag}: ${err.issues.map((i) => i.message).join(" ")}`);
    throw err;
  }
}

async function password(options: UserCommandOptions): Promise<string> {
  const value = await readPassword({ fromStdin: options.passwordStdin });
  const parsed = passwordSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
}

const describe = (u: UserView) => `#${u.id} ${u.email} (${u.role}${u.disabled ? ", disabled" : ""})`;

export async function runUserCommand(sub: string | undefined, options: UserCommandOptions, out: Out): Promise<number> {
  if (sub === "create") {
    const email = arg("--email", options.email, emailSchema);
    const name = arg("--name", options.name, nameSchema);
    const role = arg("--role", options.role, roleSchema);
    // Before asking for a password nobody will use.
    const exists = await getUserByEmail(email).then(
      () => true,
      (err: unknown) => (err instanceof AppError && err.code === "not_found" ? false : Promise.reject(err)),
    );
    if (exists) throw new AppError("conflict", `A user with the email ${email} already exists.`);
    const user = await createUser({ email, name, role, password: await password(options) }, null);
    out(user, `created user ${describe(user)}`);
    return 0;
  }
  if (sub === "list") {
    const users = [];
    for (let page = 1; ; page++) {
      const batch = await findUsers({ page, perPage: 200 });
      users.push(...batch.data);
      if (page * batch.perPage >= batch.count) break;
    }
    out(
      users,
      users.length === 0
        ? "no users yet: create the first admin with `user create --email … --name … --role admin`"
        : users
            .map((u) => `${describe(u)}  ${u.name}  last sign-in ${u.lastLoginAt?.toISOString() ?? "never"}`)
            .join("\n"),
    );
    return 0;
  }
  if (sub === "set-role") {
    const email = arg("--email", options.email, emailSchema);
    const role = arg("--role", options.role, roleSchema);
    const user = await updateUser({ email }, { role }, null);
    out(user, `${describe(user)}`);
    return 0;
  }
  if (sub === "disable" || sub === "enable") {
    const email = arg("--email", options.email, emailSchema);
    const user = await updateUser({ email }, { disabled: sub === "disable" }, null);
    out(user, `${describe(user)}`);
    return 0;
  }
  if (sub === "set-password") {
    const email = arg("--email", options.email, emailSchema);
    await getUserByEmail(email);
    const user = await setUserPassword({ email }, await password(options), null);
    out(user, `password set for ${describe(user)}`);
    return 0;
  }
  if (sub === "link-entra" || sub === "unlink-entra") {
    const email = arg("--email", options.email, emailSchema);
    const objectId = sub === "link-entra" ? arg("--object-id", options.objectId, entraObjectIdSchema) : null;
    const user = await linkEntraUser({ email }, objectId, null);
    out(
      user,
      objectId ? `${describe(user)} linked to Entra object id ${objectId}` : `${describe(user)} unlinked from Entra ID`,
    );
    return 0;
  }
  throw new UsageError(`unknown command: user ${sub ?? ""}`.trim());
}
