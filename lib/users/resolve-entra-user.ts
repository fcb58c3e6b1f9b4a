// Maps a Microsoft Entra ID sign-in to a Shellcase user: by the account's object id (oid) when
// it has signed in before, else by email for a user not linked to Entra yet (and links it). An
// account matching nobody is refused, unless AZURE_AD_AUTO_CREATE_ROLE names the role to create
// it with. Disabled users are refused either way.
import type { Role } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import type { User } from "../generated/prisma/client";
import { emailSchema, nameSchema } from "./user-input";
import { auditUser } from "./user-view";

export interface EntraProfile {
  /** The `oid` claim: stable for the account across apps, unlike `sub`. */
  objectId: string;
  /** The `email` claim, else `preferred_username`. */
  email: string | null | undefined;
  name: string | null | undefined;
}

export type EntraResolution =
  { user: User } | { refused: "unknown_user" | "disabled" | "linked_elsewhere" | "no_email"; email: string | null };

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

    const byEmail = await tx.user.findUnique({ where: { email } });
    if (byEmail) {
      if (byEmail.disabled) return { refused: "disabled" as const, email };
      // Another Entra account already owns this user: an email claim does not take it over.
      if (byEmail.entraObjectId !== null) return { refused: "linked_elsewhere" as const, email };
      // The condition in the write: a concurrent sign-in that linked it first wins.
      const { count } = await tx.user.updateMany({
        where: { id: byEmail.id, entraObjectId: null },
        data: { entraObjectId: profile.objectId, lastLoginAt: new Date() },
      });
      if (count === 0) return { refused: "linked_elsewhere" as const, email };
      const user = await tx.user.findUniqueOrThrow({ where: { id: byEmail.id } });
      await recordAudit(tx, {
        actor: { id: user.id, email: user.email },
        entityType: "user",
        entityId: user.id,
        action: "user.entra_link",
        after: { ...auditUser(user), entraLinked: true },
      });
      return { user };
    }

    if (!options.autoCreateRole) return { refused: "unknown_user" as const, email };
    const name = nameSchema.safeParse(profile.name ?? "");
    const user = await tx.user.create({
      data: {
        email,
        name: name.success ? name.data : email,
        role: options.autoCreateRole,
        entraObjectId: profile.objectId,
        lastLoginAt: new Date(),
      },
    });
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
