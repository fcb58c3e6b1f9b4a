// The web server's start-up check (instrumentation.ts): a configuration error is printed as the
// message naming each variable, and the server exits instead of serving errors.
import { ConfigError, getWebEnv } from "./env";

export function checkWebEnvOrExit(): void {
  try {
    getWebEnv();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`\n${err.message}\n\n`);
    process.exit(1);
  }
}
