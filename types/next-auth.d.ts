// The session and token carry the user's id (lib/auth/auth-options.ts); the role is read from
// the database on every request.
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: { id?: number; name?: string | null; email?: string | null; image?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
  }
}
