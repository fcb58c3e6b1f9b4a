// The app's login role (DATABASE_URL's user) as a member of shellcase_app, the group role that
// the migrations grant (prisma/migrations/*_app_role): created when missing, given the URL's
// password when it has one. Run by scripts/migrate.ts as the owner, after the migrations.
import { userInfo } from "node:os";
import pg from "pg";

export const APP_GROUP_ROLE = "shellcase_app";

/** The role a postgresql:// URL connects as (libpq's defaults when the URL names none). */
export function urlUser(url: string): string {
  return decodeURIComponent(new URL(url).username) || process.env.PGUSER || userInfo().username;
}

export type AppLoginOutcome = "same-as-owner" | "created" | "updated" | "unchanged";

export async function ensureAppLogin(ownerUrl: string, appUrl: string): Promise<AppLoginOutcome> {
  const login = urlUser(appUrl);
  if (login === urlUser(ownerUrl)) return "same-as-owner";
  const password = decodeURIComponent(new URL(appUrl).password);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const name = owner.escapeIdentifier(login);
    const withPassword = password ? ` PASSWORD ${owner.escapeLiteral(password)}` : "";
    const role = await owner.query<{ rolcanlogin: boolean; rolsuper: boolean; member: boolean }>(
      `SELECT r.rolcanlogin, r.rolsuper, pg_has_role(r.oid, $2, 'MEMBER') AS member
         FROM pg_roles r WHERE r.rolname = $1`,
      [login, APP_GROUP_ROLE],
    );
    const found = role.rows[0];
    if (found?.rolsuper) {
      throw new Error(`DATABASE_URL's role ${login} is a superuser: the app must connect as an ordinary role`);
    }
    if (!found) {
      try {
        await owner.query(`CREATE ROLE ${name} LOGIN${withPassword} IN ROLE ${APP_GROUP_ROLE}`);
        return "created";
      } catch (err) {
        // Another database's migration made it at the same moment: update it below.
        if ((err as { code?: string }).code !== "42710") throw err;
      }
    } else if (found.rolcanlogin && found.member && !password) {
      // Roles are shared by every database of the cluster: leave a correct one untouched.
      return "unchanged";
    }
    await owner.query(`ALTER ROLE ${name} LOGIN${withPassword}`);
    await owner.query(`GRANT ${APP_GROUP_ROLE} TO ${name}`);
    return "updated";
  } finally {
    await owner.end();
  }
}
