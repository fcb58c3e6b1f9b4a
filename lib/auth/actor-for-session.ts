// The user a session stands for, read fresh from the database, or null when the session may no
// longer be used: no such user, disabled, older than the absolute lifetime or the user's
// sessionsValidFrom, or signed out (revoked). Framework-neutral: lib/auth/session.ts reads the
// claims from the next-auth cookie; a live event stream (lib/live) asks again, with the claims it
// started with, for as long as it stays open.
import { getPrisma } from "../db";
import { isSessionRevoked } from "./revoked-sessions";
import type { Actor } from "./roles";
import { sessionIsCurrent, type SessionClaims } from "./session-is-current";

export interface SessionOf extends SessionClaims {
  /** The user id the token carries. */
  uid: number;
}

export async function actorForSession(claims: SessionOf, options: { maxAgeMs: number }): Promise<Actor | null> {
  // Checked before the query: Prisma ignores an undefined where field.
  if (typeof claims.uid !== "number" || !Number.isInteger(claims.uid)) return null;
  const user = await getPrisma().user.findUnique({ where: { id: claims.uid } });
  if (!user || user.disabled || !sessionIsCurrent(claims, user.sessionsValidFrom, options)) return null;
  if (await isSessionRevoked(claims.sid!)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
