// Server-side sign-out. A session cookie is a JWT the server cannot recall, so signing out lists
// the session's id (the token's `sid`) here until the session would have expired anyway; the
// session check (lib/auth/session.ts) refuses a listed id. A copy of the cookie kept by someone
// else (a shared machine, a stolen cookie) is then worthless after sign-out.
// Postgres, not Redis: the check must not fail open, and every request reads the user anyway.
import { getPrisma } from "../db";

export async function revokeSession(sid: string, expiresAt: Date): Promise<void> {
  const prisma = getPrisma();
  await prisma.revokedSession.upsert({ where: { id: sid }, create: { id: sid, expiresAt }, update: {} });
  // Expired sessions are refused by their age already: their ids need not be kept.
  await prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

export async function isSessionRevoked(sid: string): Promise<boolean> {
  return (await getPrisma().revokedSession.count({ where: { id: sid } })) > 0;
}
