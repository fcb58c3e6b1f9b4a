// A user as the app, the CLI and the audit log show it: never the password hash.
import type { User } from "../generated/prisma/client";
import type { Role } from "../auth/roles";

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  entraLinked: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    hasPassword: user.passwordHash !== null,
    entraLinked: user.entraObjectId !== null,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

/** What an audit entry records of a user: who they are and what they may do. */
export function auditUser(user: Pick<User, "email" | "name" | "role" | "disabled">) {
  return { email: user.email, name: user.name, role: user.role, disabled: user.disabled };
}
