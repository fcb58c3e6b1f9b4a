// The session and token carry the user's id and sign-in time (lib/auth/auth-options.ts); the
// role is read from the database on every request.
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: {
      id?: number;
      /** When this session signed in (ms): older than the user's sessionsValidFrom means revoked. */
      signedInAt?: number;
      /** This session's id: listed in revoked_sessions once signed out. */
      sid?: string;
      name?: string | null;
      email?: string | null;
      image?: string | null;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    signedInAt?: number;
    sid?: string;
  }
}
