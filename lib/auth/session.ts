// Who is asking: the signed-in user as an Actor, read fresh from the database on every call (a
// disabled or demoted user loses access at once, and a password reset ends older sessions). App-only (next-auth). Every server action and
// route handler calls requireActor(min) before anything else: 401 without a session, 403 when
// the role is too low.
import { getServerSession } from "next-auth";
import { getPrisma } from "../db";
import { getAuthOptions } from "./auth-options";
import { requireRole, type Actor, type Role } from "./roles";
import { sessionIsCurrent } from "./session-is-current";

export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const id = session?.user?.id;
  // Checked before the query: Prisma ignores an undefined where field.
  if (typeof id !== "number" || !Number.isInteger(id)) return null;
  const user = await getPrisma().user.findUnique({ where: { id } });
  if (!user || user.disabled || !sessionIsCurrent(session?.user?.signedInAt, user.sessionsValidFrom)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function requireActor(min: Role = "viewer"): Promise<Actor> {
  return requireRole(await getActor(), min);
}
