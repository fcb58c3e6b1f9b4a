// @ts-check
// An empty variable means unset, everywhere. `.env.example` ships `NEXTAUTH_URL=` and compose
// passes `${VAR:-}` as "", but libraries that read process.env themselves tell "" from absent:
// next-auth's client module calls `new URL("")` for an empty NEXTAUTH_URL while the server
// renders, and every page answers 500. So the web server deletes blank variables from
// process.env before anything else loads (next.config.js, then instrumentation.ts); lib/env.ts
// applies the same rule when it parses.

/**
 * Deletes every variable whose value is empty or only whitespace; returns their names.
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function unsetBlankEnv(env = process.env) {
  const blank = Object.keys(env).filter((name) => env[name] !== undefined && env[name].trim() === "");
  for (const name of blank) delete env[name];
  return blank;
}
