// Whether a session may still be used: a password reset or disabling the account sets the
// user's sessionsValidFrom, and every session signed in before it is refused from then on (the
// session cookie is a JWT the server cannot recall; this check is how it is revoked).
// A session without a sign-in time (issued before sign-in times were recorded) counts as old.
export function sessionIsCurrent(signedInAt: number | undefined, sessionsValidFrom: Date | null): boolean {
  if (!sessionsValidFrom) return true;
  return typeof signedInAt === "number" && signedInAt >= sessionsValidFrom.getTime();
}
