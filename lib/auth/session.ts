// Who is asking: the signed-in user as an Actor, read fresh from the database on every call (a
// disabled or demoted user loses access at once; a password reset, the absolute session
// lifetime and signing out end a session: lib/auth/session-is-current.ts,
// lib/auth/revoked-sessions.ts). App-only (next-auth). Every server action and route handler
// calls requireActor(min) before anything else: 401 without a session, 403 when the role is too
// low.
import { getServerSession } from "next-auth";
import { getWebEnv } from "../env";
import { actorForSession, type SessionOf } from "./actor-for-session";
import { getAuthOptions } from "./auth-options";
import { requireRole, type Actor, type Role } from "./roles";

/** The session cookie's claims (unchecked), or null without a session. */
export async function getSessionClaims(): Promise<SessionOf | null> {
  const session = await getServerSession(getAuthOptions());
  const id = session?.user?.id;
  if (typeof id !== "number" || !Number.isInteger(id)) return null;
  return { uid: id, sid: session?.user?.sid, signedInAt: session?.user?.signedInAt };
}

/** The absolute session lifetime, for actorForSession. */
export function sessionMaxAgeMs(): number {
  return getWebEnv().SESSION_MAX_AGE_H * 60 * 60 * 1000;
}

export async function getActor(): Promise<Actor | null> {
  const claims = await getSessionClaims();
  return claims ? actorForSession(claims, { maxAgeMs: sessionMaxAgeMs() }) : null;
}

export async function requireActor(min: Role = "viewer"): Promise<Actor> {
  return requireRole(await getActor(), min);
}
