// Runs once when the web server starts: checks the configuration, including what only the web
// app needs (NEXTAUTH_SECRET, Entra ID), and stops with the message naming what is wrong rather
// than failing on the first sign-in. Not during `next build`, which needs no secrets.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { checkWebEnvOrExit } = await import("./lib/check-web-env");
  checkWebEnvOrExit();
}
