// `npm run db:migrate`: applies the migrations as the tables' owner (MIGRATION_DATABASE_URL, else
// DATABASE_URL), then makes DATABASE_URL's user a login role of the app's group role, which may
// only read and append the audit log (prisma/migrations/*_app_role). When both URLs name the same
// user the app connects as the owner and could switch the audit log's append-only trigger off:
// that works, but says so.
import { spawnSync } from "node:child_process";
import { parseMigrationEnv } from "../lib/env";
import { ensureAppLogin, urlUser } from "./ensure-app-login";

const env = parseMigrationEnv(process.env);
const ownerUrl = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;

// prisma.config.ts reads DATABASE_URL: give it the owner's.
const deploy = spawnSync("npx", ["prisma", "migrate", "deploy"], {
  env: { ...process.env, DATABASE_URL: ownerUrl },
  stdio: "inherit",
});
if (deploy.status !== 0) process.exit(deploy.status ?? 1);

const outcome = await ensureAppLogin(ownerUrl, env.DATABASE_URL);
const app = urlUser(env.DATABASE_URL);
if (outcome === "same-as-owner") {
  process.stderr.write(
    `\nWARNING: the app connects as ${app}, the same role that owns the tables, so the audit log is not ` +
      `protected from the app. Set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to another ` +
      `user (e.g. postgresql://shellcase_app_login@host/db): this command then creates that role.\n\n`,
  );
} else {
  console.log(`app role ${app}: ${outcome} (member of shellcase_app: reads and appends the audit log only)`);
}
