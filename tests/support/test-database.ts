// Creates and drops throwaway databases so that tests never touch a developer's data and test
// runs can proceed side by side. Used by the integration global setup, the e2e setup and the bench.
// Databases are migrated as deployments migrate them (`npm run db:migrate`: the owner migrates and
// the app's login role is made); `appUrl` connects as that role, as the web app and workers do.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import pg from "pg";

const run = promisify(execFile);

export const ADMIN_URL = process.env.SHELLCASE_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The login role tests connect as when they play the app (member of shellcase_app). */
export const APP_LOGIN = "shellcase_app_login";

export function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The same database as the app's role: may only SELECT and INSERT the audit log. */
export function appDatabaseUrl(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_LOGIN;
  u.password = "";
  return u.toString();
}

/** `npm run db:migrate` against one database: migrations as its owner, then the app's role. */
export async function migrateDatabase(ownerUrl: string): Promise<void> {
  await run("npx", ["tsx", "scripts/migrate.ts"], {
    env: { ...process.env, MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: appDatabaseUrl(ownerUrl) },
    maxBuffer: 16 << 20,
  });
}

export async function createMigratedDatabase(prefix: string): Promise<{ name: string; url: string; appUrl: string }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  await migrateDatabase(url);
  return { name, url, appUrl: appDatabaseUrl(url) };
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
