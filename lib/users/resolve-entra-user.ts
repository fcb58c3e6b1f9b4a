// Maps a Microsoft Entra ID sign-in to a Shellcase user by the account's immutable object id
// (oid) only, which an admin has linked (lib/users/link-entra-user.ts) or auto-creation recorded.
// An email claim that matches an existing user is refused with "an admin must link the account",
// never linked: the claim is mutable. An account matching nobody is refused, unless
// AZURE_AD_AUTO_CREATE_ROLE names the role to create it with (never with an email that exists).
// Disabled users are refused either way.
import type { Role } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import type { User } from "../generated/prisma/client";
import { emailSchema, nameSchema } from "./user-input";
import { isUniqueViolation } from "./unique-violation";
import { auditUser } from "./user-view";

export interface EntraProfile {
  /** The `oid` claim: stable for the account across apps, unlike `sub`. */
  objectId: string;
  /** The `email` claim, else `preferred_username`. */
  email: string | null | undefined;
  name: string | null | undefined;
}

export type EntraResolution =
  { user: User } | { refused: "unknown_user" | "disabled" | "not_linked" | "no_email"; email: string | null };

export async function resolveEntraUser(
  profile: EntraProfile,
  options: { autoCreateRole?: Exclude<Role, "admin"> } = {},
): Promise<EntraResolution> {
  const parsedEmail = emailSchema.safeParse(profile.email ?? "");
  const email = parsedEmail.success ? parsedEmail.data : null;
  return getPrisma().$transaction(async (tx) => {
    const linked = await tx.user.findUnique({ where: { entraObjectId: profile.objectId } });
    if (linked) {
      if (linked.disabled) return { refused: "disabled" as const, email: linked.email };
      return { user: await tx.user.update({ where: { id: linked.id }, data: { lastLoginAt: new Date() } }) };
    }
    if (!email) return { refused: "no_email" as const, email: null };

    // An account with this email exists but is not linked to this Entra account. The email claim
    // alone never opens it (whoever controls the Entra account's email attribute would take over
    // the Shellcase account, the CLI-made admin included): an admin links it by object id first.
    // Nor is a second account created with the same email.
    const byEmail = await tx.user.findUnique({ where: { email } });
    if (byEmail) return { refused: "not_linked" as const, email };

    if (!options.autoCreateRole) return { refused: "unknown_user" as const, email };
    const name = nameSchema.safeParse(profile.name ?? "");
    const user = await tx.user
      .create({
        data: {
          email,
          name: name.success ? name.data : email,
          role: options.autoCreateRole,
          entraObjectId: profile.objectId,
          lastLoginAt: new Date(),
        },
      })
      // Created by a concurrent sign-in, or by an admin, since the lookup: refuse, do not merge.
      .catch((err: unknown) => (isUniqueViolation(err) ? null : Promise.reject(err)));
    if (!user) return { refused: "not_linked" as const, email };
    await recordAudit(tx, {
      actor: null,
      entityType: "user",
      entityId: user.id,
      action: "user.create",
      after: { ...auditUser(user), entraLinked: true, via: "entra_auto_create" },
    });
    return { user };
  });
}
