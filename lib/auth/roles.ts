// Roles and what each may do. Framework-neutral: the app, the CLI and the workers share it.
// The server enforces these in every server action and route handler (lib/auth/session.ts);
// the UI only hides what a role cannot do.
import { AppError } from "../errors";

export const ROLES = ["admin", "analyst", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** The person (or the system) a change is attributed to. */
export interface Actor {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** True when `role` is `min` or above: admin > analyst > viewer. */
export function hasRole(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** Viewers read; analysts and admins work cases; admins also manage users. */
export const canEdit = (role: Role) => hasRole(role, "analyst");
export const canAdminister = (role: Role) => hasRole(role, "admin");

/** 401 without an actor, 403 when the actor's role is below `min`. */
export function requireRole(actor: Actor | null | undefined, min: Role): Actor {
  if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
  if (!hasRole(actor.role, min)) throw new AppError("forbidden", `This needs the ${min} role; you are ${actor.role}.`);
  return actor;
}
