// Who is asking: the signed-in user as an Actor, read fresh from the database on every call (a
// disabled or demoted user loses access at once; a password reset, the absolute session
// lifetime and signing out end a session: lib/auth/session-is-current.ts,
// lib/auth/revoked-sessions.ts). App-only (next-auth). Every server action and route handler
// calls requireActor(min) before anything else: 401 without a session, 403 when the role is too
// low.
import { getServerSession } from "next-auth";
import { getPrisma } from "../db";
import { getWebEnv } from "../env";
import { getAuthOptions } from "./auth-options";
import { isSessionRevoked } from "./revoked-sessions";
import { requireRole, type Actor, type Role } from "./roles";
import { sessionIsCurrent } from "./session-is-current";

export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const id = session?.user?.id;
  // Checked before the query: Prisma ignores an undefined where field.
  if (typeof id !== "number" || !Number.isInteger(id)) return null;
  const claims = { sid: session?.user?.sid, signedInAt: session?.user?.signedInAt };
  const user = await getPrisma().user.findUnique({ where: { id } });
  const maxAgeMs = getWebEnv().SESSION_MAX_AGE_H * 60 * 60 * 1000;
  if (!user || user.disabled || !sessionIsCurrent(claims, user.sessionsValidFrom, { maxAgeMs })) return null;
  if (await isSessionRevoked(claims.sid!)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function requireActor(min: Role = "viewer"): Promise<Actor> {
  return requireRole(await getActor(), min);
}
