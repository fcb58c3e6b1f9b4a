// Whether a session may still be used, from what its token says and what the user's row says:
// - it has an id and a sign-in time (tokens issued before both were recorded count as old);
// - it is younger than the absolute lifetime (SESSION_MAX_AGE_H), counted from sign-in: using the
//   app does not extend it, so a stolen cookie works for hours at most, never indefinitely;
// - it signed in at or after the user's sessionsValidFrom, which a password reset or disabling
//   the account sets (every older session is refused from then on).
// Whether it was signed out (revoked by id) is asked of the database separately
// (lib/auth/revoked-sessions.ts).
export interface SessionClaims {
  sid?: string;
  signedInAt?: number;
}

export function sessionIsCurrent(
  session: SessionClaims,
  sessionsValidFrom: Date | null,
  options: { maxAgeMs: number; now?: number },
): boolean {
  const { sid, signedInAt } = session;
  if (typeof sid !== "string" || sid === "" || typeof signedInAt !== "number") return false;
  const now = options.now ?? Date.now();
  if (now - signedInAt >= options.maxAgeMs || signedInAt > now + 60_000) return false;
  return !sessionsValidFrom || signedInAt >= sessionsValidFrom.getTime();
}
