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

describe("password sign-in", () => {
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
