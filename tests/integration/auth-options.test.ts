// The next-auth configuration's own logic, against the real database and Redis: password
// sign-in (rate limit before the hash, disabled users), and Entra ID mapping through the
// signIn and jwt callbacks. The configuration is read once per process, so this file sets the
// web app's variables before loading it.
import { randomBytes, randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getPrisma } from "../../lib/db";
import { createUser } from "../../lib/users/create-user";
import { updateUser } from "../../lib/users/update-user";
import { linkEntraUser } from "../../lib/users/link-entra-user";
import { signInErrorMessage } from "../../lib/auth/sign-in-messages";
import { needsRehash, verifyPassword } from "../../lib/auth/password";
import { isSessionRevoked } from "../../lib/auth/revoked-sessions";
import { legacyPasswordHash } from "../support/legacy-password-hash";

let options: NextAuthOptions;
let entraEnabled: boolean;
const WEB_ENV = {
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  NEXTAUTH_URL: "http://127.0.0.1:3999",
  AZURE_AD_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  AZURE_AD_CLIENT_SECRET: "test-secret",
  AZURE_AD_TENANT_ID: "contoso.onmicrosoft.com",
};

beforeAll(async () => {
  Object.assign(process.env, WEB_ENV);
  const auth = await import("../../lib/auth/auth-options");
  options = auth.getAuthOptions();
  entraEnabled = auth.signInMethods().entra;
});
afterAll(async () => {
  for (const key of Object.keys(WEB_ENV)) delete process.env[key];
  await closeDb();
});

const unique = () => randomBytes(4).toString("hex");
const PASSWORD = "auth options password";

/** The Credentials provider's authorize, as next-auth calls it. */
function authorize(email: string, password: string, ip = `198.19.${randomBytes(1)[0]}.${randomBytes(1)[0]}`) {
  const provider = options.providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> };
  };
  return provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": ip } });
}

// Each password hash takes a second or more of a loaded CI core (scrypt at N=2^17).
describe("password sign-in", { timeout: 180_000 }, () => {
  it("returns the user id for the right password, null for a wrong one or a disabled user", async () => {
    const user = await createUser(
      { email: `ao-${unique()}@auth.test`, name: "Ao", role: "viewer", password: PASSWORD },
      null,
    );
    expect(await authorize(user.email.toUpperCase(), PASSWORD)).toEqual({
      id: String(user.id),
      email: user.email,
      name: "Ao",
    });
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeInstanceOf(Date);
    expect(await authorize(user.email, "not the password")).toBeNull();
    expect(await authorize(`nobody-${unique()}@auth.test`, PASSWORD)).toBeNull();

    await updateUser({ id: user.id }, { disabled: true }, null);
    expect(await authorize(user.email, PASSWORD)).toBeNull();
  });

  it("refuses the 6th attempt before checking the password, with the minutes to wait", async () => {
    const user = await createUser(
      { email: `rl-${unique()}@auth.test`, name: "Rl", role: "viewer", password: PASSWORD },
      null,
    );
    for (let i = 0; i < 5; i++) expect(await authorize(user.email, `wrong ${i}`)).toBeNull();
    // The right password, from another address: still refused, the email's limit comes first.
    await expect(authorize(user.email, PASSWORD)).rejects.toThrow(
      /^Too many sign-in attempts\. Try again in 15 minutes\.$/,
    );
  });
});

describe("password sign-in: hashes and sessions", { timeout: 180_000 }, () => {
  it("re-hashes a hash of the old cost at the next successful sign-in, not at a failed one", async () => {
    const user = await createUser({ email: `rh-${unique()}@auth.test`, name: "Rh", role: "viewer" }, null);
    const old = legacyPasswordHash(PASSWORD);
    await getPrisma().user.update({ where: { id: user.id }, data: { passwordHash: old } });

    expect(await authorize(user.email, "not the password")).toBeNull();
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(old);

    expect(await authorize(user.email, PASSWORD)).toMatchObject({ id: String(user.id) });
    const stored = (await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!;
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    // And the new hash signs in.
    expect(await authorize(user.email, PASSWORD)).toMatchObject({ id: String(user.id) });
  });

  it("gives every sign-in its own session id, and signing out lists it as revoked", async () => {
    const user = await createUser({ email: `so-${unique()}@auth.test`, name: "So", role: "viewer" }, null);
    const signIn = () =>
      options.callbacks!.jwt!({
        token: {},
        user: { id: String(user.id), email: user.email },
        account: { provider: "credentials", providerAccountId: String(user.id), type: "credentials" },
        trigger: "signIn",
      });
    const [a, b] = [await signIn(), await signIn()];
    expect(a.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.sid).not.toBe(a.sid);
    const session = await options.callbacks!.session!({
      session: { expires: "" },
      token: a,
    } as never);
    expect(session.user).toEqual({ id: user.id, signedInAt: a.signedInAt, sid: a.sid });

    await options.events!.signOut!({ token: a, session: undefined as never });
    expect(await isSessionRevoked(a.sid!)).toBe(true);
    expect(await isSessionRevoked(b.sid!)).toBe(false);
    const row = await getPrisma().revokedSession.findUniqueOrThrow({ where: { id: a.sid! } });
    // Kept until the session would have ended by its age (12 h from sign-in), then purged.
    expect(row.expiresAt.getTime()).toBe(a.signedInAt! + 12 * 60 * 60 * 1000);
  });

  it("redirects after sign-in only to a normalised path on this site", async () => {
    const baseUrl = WEB_ENV.NEXTAUTH_URL;
    const redirect = (url: string) => options.callbacks!.redirect!({ url, baseUrl });
    expect(await redirect(`${baseUrl}/cases?status=open`)).toBe(`${baseUrl}/cases?status=open`);
    expect(await redirect("/alerts")).toBe(`${baseUrl}/alerts`);
    for (const evil of [
      "https://evil.example/",
      "//evil.example",
      "/.//evil.example",
      "/%2e//evil.example",
      "/a/..//evil.example",
      `${baseUrl}/.//evil.example`,
      `${baseUrl}//evil.example`,
      `${baseUrl}.evil.example/`,
    ]) {
      expect(await redirect(evil)).toBe(`${baseUrl}/`);
    }
  });
});

describe("Entra ID", () => {
  it("is offered when the three variables are set", () => {
    expect(entraEnabled).toBe(true);
    expect(options.providers.map((p) => p.id)).toEqual(["credentials", "azure-ad"]);
    // The account is named by its object id, not the per-app `sub`; email falls back to the UPN.
    const azure = options.providers[1] as unknown as { options: { profile: (c: object) => unknown } };
    expect(
      azure.options.profile({ sub: "per-app", oid: "object-id", name: "N", preferred_username: "n@contoso.com" }),
    ).toEqual({ id: "object-id", name: "N", email: "n@contoso.com" });
  });

  it("refuses an email claim for the admin's address until an admin links the object id", async () => {
    const admin = await createUser({ email: `en-${unique()}@auth.test`, name: "En", role: "admin" }, null);
    const oid = randomUUID();
    const account = { provider: "azure-ad", providerAccountId: oid, type: "oauth" as const };
    const profileUser = { id: oid, email: admin.email, name: "Not The Admin" };
    const before = await getPrisma().user.findUniqueOrThrow({ where: { id: admin.id } });

    // Refused with the login page's "ask an admin to link it" message; the admin is unchanged.
    expect(await options.callbacks!.signIn!({ user: profileUser, account })).toBe("/login?error=EntraNotLinked");
    expect(signInErrorMessage("EntraNotLinked")).toMatch(/Ask a Shellcase admin to link it/);
    expect(await getPrisma().user.findUniqueOrThrow({ where: { id: admin.id } })).toEqual(before);
    expect(
      await options.callbacks!.jwt!({ token: { sub: oid }, user: profileUser, account, trigger: "signIn" }),
    ).toEqual({});

    await linkEntraUser({ id: admin.id }, oid, null);
    expect(await options.callbacks!.signIn!({ user: profileUser, account })).toBe(true);
    const token = await options.callbacks!.jwt!({
      token: { sub: oid, email: admin.email, name: "En From Entra" },
      user: profileUser,
      account,
      trigger: "signIn",
    });
    // The Shellcase id, the sign-in time and the session id, nothing else of the profile.
    expect(token).toEqual({
      uid: admin.id,
      sub: String(admin.id),
      signedInAt: expect.any(Number),
      sid: expect.any(String),
    });
    expect(Math.abs(Date.now() - (token as { signedInAt: number }).signedInAt)).toBeLessThan(60_000);
  });

  it("refuses an account that matches no user, and creates nobody", async () => {
    const email = `unknown-${unique()}@auth.test`;
    const oid = `oid-${unique()}`;
    const account = { provider: "azure-ad", providerAccountId: oid, type: "oauth" as const };
    expect(await options.callbacks!.signIn!({ user: { id: oid, email, name: "U" }, account })).toBe(false);
    expect(await getPrisma().user.count({ where: { OR: [{ email }, { entraObjectId: oid }] } })).toBe(0);
  });
});
