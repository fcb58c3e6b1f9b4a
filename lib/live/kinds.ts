// Event kinds more than one module names. Kinds are code-chosen words ("case.changed"); pages
// mostly react to any event of their topics, so most kinds are named only where they are sent.

/** On `user:<id>`: a session of the user may have ended (signed out, disabled, password reset). */
export const SESSION_ENDED = "session.ended";

/** On `imports`: data {id, progress} (0..1), at most once per percent. */
export const IMPORT_PROGRESS = "import.progress";

/** On `case:<id>`: data {id, progress} (0..1) of a pivot run. */
export const PIVOT_PROGRESS = "pivot.progress";

/** Sent by the server to a resumed stream whose missed events were trimmed: reload. */
export const RESYNC = "resync";
