// What the login page may say about a failed sign-in. The server chooses these messages; the
// login form shows one only when it is one of them, and maps next-auth's error codes (in the
// URL after an Entra ID sign-in, so attacker-choosable) to fixed text.
export const WRONG_CREDENTIALS = "Wrong email or password.";
export const SIGN_IN_UNAVAILABLE = "Sign-in is unavailable right now. Try again shortly.";
export const SIGN_IN_BUSY = "Sign-in is busy right now. Try again in a moment.";
export const TOO_MANY = /^Too many sign-in attempts\. Try again in \d{1,4} minutes?\.$/;

/** Error code for an Entra ID account whose email matches a Shellcase user it is not linked to. */
export const ENTRA_NOT_LINKED = "EntraNotLinked";

const ERROR_CODES: Record<string, string> = {
  [ENTRA_NOT_LINKED]:
    "Your Microsoft account is not linked to your Shellcase account. Ask a Shellcase admin to link it (Users page: Entra object id).",
  CredentialsSignin: WRONG_CREDENTIALS,
  AccessDenied:
    "Your Microsoft account has no access to Shellcase, or it is disabled. Ask a Shellcase admin to add you.",
  OAuthSignin: "Could not start the Microsoft sign-in. Try again.",
  OAuthCallback: "The Microsoft sign-in did not complete. Try again.",
  Callback: "The Microsoft sign-in did not complete. Try again.",
  SessionRequired: "Sign in to continue.",
};

/** The message for a sign-in error: a known message or code, else a generic sentence. */
export function signInErrorMessage(error: string | null | undefined): string | null {
  if (!error) return null;
  if (ERROR_CODES[error]) return ERROR_CODES[error];
  if (TOO_MANY.test(error) || error === SIGN_IN_UNAVAILABLE || error === SIGN_IN_BUSY) return error;
  return "Sign-in failed. Try again.";
}
