// Users and their audit entries, against the run's real database.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { verifyPassword } from "../../lib/auth/password";
import { closeDb, getPool, getPrisma } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { createUser } from "../../lib/users/create-user";
import { findUsers } from "../../lib/users/find-users";
import { linkEntraUser } from "../../lib/users/link-entra-user";
import { resolveEntraUser } from "../../lib/users/resolve-entra-user";
import { setUserPassword } from "../../lib/users/set-user-password";
import { updateUser } from "../../lib/users/update-user";

afterAll(closeDb);

const unique = () => randomBytes(4).toString("hex");
const email = (label: string) => `${label}-${unique()}@users.test`;
const PASSWORD = "correct horse battery";

async function auditFor(userId: number) {
  return getPrisma().auditEntry.findMany({
    where: { entityType: "user", entityId: String(userId) },
    orderBy: { id: "asc" },
  });
}

async function expectAppError(promise: Promise<unknown>, code: string, message: RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).message).toMatch(message);
}

/** The run's database holds test rows only: make `keep` the only active admins. */
async function onlyActiveAdmins(...keep: number[]) {
  await getPrisma().user.updateMany({
    where: { role: "admin", disabled: false, id: { notIn: keep } },
    data: { disabled: true },
  });
}

describe("createUser", () => {
  it("stores a lower-cased email and a verifiable hash, and audits without the hash", async () => {
    const admin = await createUser({ email: email("boss"), name: "Boss", role: "admin", password: PASSWORD }, null);
    const address = email("New.Analyst").toUpperCase();
    const user = await createUser(
      { email: `  ${address} `, name: " Nia ", role: "analyst", password: PASSWORD },
      admin,
    );

    expect(user).toMatchObject({ email: address.toLowerCase(), name: "Nia", role: "analyst", hasPassword: true });
    expect(user).not.toHaveProperty("passwordHash");
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(PASSWORD, row.passwordHash)).toBe(true);
    expect(await verifyPassword("wrong horse battery", row.passwordHash)).toBe(false);

    const [entry, ...more] = await auditFor(user.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: "user.create",
      actorId: admin.id,
      actorLabel: admin.email,
      before: null,
      after: { email: address.toLowerCase(), name: "Nia", role: "analyst", disabled: false },
    });
    expect(JSON.stringify([entry?.before, entry?.after])).not.toMatch(/scrypt|correct horse/);
  });

  it("refuses an email that exists in another case with a conflict, and writes nothing", async () => {
    const address = email("dup");
    const first = await createUser({ email: address, name: "First", role: "viewer", password: PASSWORD }, null);
    await expectAppError(
      createUser({ email: address.toUpperCase(), name: "Second", role: "admin", password: PASSWORD }, null),
      "conflict",
      /already exists/,
    );
    expect(await getPrisma().user.count({ where: { email: address } })).toBe(1);
    expect((await auditFor(first.id)).map((e) => e.action)).toEqual(["user.create"]);
  });

  it("rejects a short password and a bad email before touching the database", async () => {
    const address = email("short");
    await expect(
      createUser({ email: address, name: "S", role: "viewer", password: "too-short" }, null),
    ).rejects.toThrow(ZodError);
    await expect(
      createUser({ email: "not-an-email", name: "S", role: "viewer", password: PASSWORD }, null),
    ).rejects.toThrow(/valid email/);
    expect(await getPrisma().user.count({ where: { email: address } })).toBe(0);
  });

  it("lists users by email with the page's count", async () => {
    await createUser({ email: email("list"), name: "Listed", role: "viewer", password: PASSWORD }, null);
    const page = await findUsers({ page: 1, perPage: 200 });
    expect(page.count).toBeGreaterThanOrEqual(1);
    const emails = page.data.map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(page.data.every((u) => !("passwordHash" in u))).toBe(true);
  });
});

describe("updateUser", () => {
  it("changes the role and the disabled flag with one audit entry per change", async () => {
    const admin = await createUser({ email: email("adm"), name: "Adm", role: "admin", password: PASSWORD }, null);
    const user = await createUser({ email: email("promo"), name: "Pro", role: "viewer", password: PASSWORD }, admin);

    const promoted = await updateUser({ id: user.id }, { role: "analyst" }, admin);
    expect(promoted.role).toBe("analyst");
    const disabled = await updateUser({ email: user.email.toUpperCase() }, { disabled: true }, admin);
    expect(disabled.disabled).toBe(true);
    // No change, no entry.
    await updateUser({ id: user.id }, { disabled: true }, admin);

    const entries = await auditFor(user.id);
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.role", "user.disable"]);
    expect(entries[1]).toMatchObject({ actorId: admin.id, before: { role: "viewer" }, after: { role: "analyst" } });
    expect(entries[2]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("analyst");
  });

  it("revokes the user's sessions when disabling, and enabling again does not revive them", async () => {
    const user = await createUser({ email: email("revoke"), name: "Rev", role: "viewer", password: PASSWORD }, null);
    const row = () => getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect((await row()).sessionsValidFrom).toBeNull();
    await updateUser({ id: user.id }, { role: "analyst" }, null);
    expect((await row()).sessionsValidFrom).toBeNull();

    const before = Date.now();
    await updateUser({ id: user.id }, { disabled: true }, null);
    const revokedAt = (await row()).sessionsValidFrom!;
    expect(revokedAt.getTime()).toBeGreaterThanOrEqual(before);
    await updateUser({ id: user.id }, { disabled: false }, null);
    expect((await row()).sessionsValidFrom).toEqual(revokedAt);
  });

  it("answers not_found for an unknown user", async () => {
    await expectAppError(updateUser({ id: 2_000_000_000 }, { role: "viewer" }, null), "not_found", /No user #/);
    await expectAppError(updateUser({ email: email("ghost") }, { role: "viewer" }, null), "not_found", /No user with/);
  });

  it("refuses to demote or disable the last active admin, and allows it once there is another", async () => {
    const admin = await createUser({ email: email("last"), name: "Last", role: "admin", password: PASSWORD }, null);
    await onlyActiveAdmins(admin.id);

    await expectAppError(
      updateUser({ id: admin.id }, { role: "analyst" }, admin),
      "conflict",
      /You are the last active admin/,
    );
    await expectAppError(updateUser({ id: admin.id }, { disabled: true }, admin), "conflict", /last active admin/);
    // Someone else (the CLI) is told whose account it is.
    await expectAppError(updateUser({ id: admin.id }, { disabled: true }, null), "conflict", new RegExp(admin.email));
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(row).toMatchObject({ role: "admin", disabled: false });
    expect((await auditFor(admin.id)).map((e) => e.action)).toEqual(["user.create"]);

    const second = await createUser(
      { email: email("second"), name: "Second", role: "analyst", password: PASSWORD },
      admin,
    );
    await updateUser({ id: second.id }, { role: "admin" }, admin);
    expect((await updateUser({ id: admin.id }, { role: "viewer" }, admin)).role).toBe("viewer");
  });

  it("lets only one of two admins demoting each other at once succeed", async () => {
    const a = await createUser({ email: email("a"), name: "A", role: "admin", password: PASSWORD }, null);
    const b = await createUser({ email: email("b"), name: "B", role: "admin", password: PASSWORD }, null);
    await onlyActiveAdmins(a.id, b.id);

    // Hold both rows so that the two changes queue up, then let them go at the same moment.
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = getPrisma().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM users WHERE id = ANY(${[a.id, b.id]}) FOR UPDATE`;
      locked();
      await released;
    });
    await isLocked;
    const changes = Promise.allSettled([
      updateUser({ id: b.id }, { role: "viewer" }, a),
      updateUser({ id: a.id }, { role: "viewer" }, b),
    ]);
    await expect
      .poll(
        async () =>
          (
            await getPool().query(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            )
          ).rows[0].n,
        // Both changes must have reached the lock; on a busy machine that can take seconds.
        { timeout: 30_000 },
      )
      .toBe(2);
    release();
    await holder;
    const results = await changes;
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await getPrisma().user.count({ where: { id: { in: [a.id, b.id] }, role: "admin", disabled: false } })).toBe(
      1,
    );
  });
});

describe("setUserPassword", () => {
  it("replaces the hash and audits that it changed, without the hash", async () => {
    const user = await createUser({ email: email("pw"), name: "Pw", role: "viewer" }, null);
    expect(user.hasPassword).toBe(false);
    await expect(setUserPassword({ id: user.id }, "short", null)).rejects.toThrow(/at least 12/);

    const after = await setUserPassword({ email: user.email }, "a brand new passphrase", null);
    expect(after.hasPassword).toBe(true);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    // Sessions signed in with the old password end.
    expect(row.sessionsValidFrom).not.toBeNull();
    expect(Date.now() - row.sessionsValidFrom!.getTime()).toBeLessThan(60_000);
    expect(await verifyPassword("a brand new passphrase", row.passwordHash)).toBe(true);
    const entries = await auditFor(user.id);
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.password"]);
    expect(entries[1]).toMatchObject({ before: { hasPassword: false }, after: { hasPassword: true } });
    expect(JSON.stringify(entries.map((e) => [e.before, e.after]))).not.toMatch(/scrypt|passphrase/);
  });
});

describe("resolveEntraUser", () => {
  const guid = () => randomUUID();

  it("refuses an email claim for the admin's address from an unlinked Entra account, and changes nothing", async () => {
    const admin = await createUser({ email: email("admin"), name: "Ad", role: "admin", password: PASSWORD }, null);
    const before = await getPrisma().user.findUniqueOrThrow({ where: { id: admin.id } });
    const result = await resolveEntraUser({ objectId: guid(), email: admin.email.toUpperCase(), name: "Mallory" });
    expect(result).toEqual({ refused: "not_linked", email: admin.email });
    expect(await getPrisma().user.findUniqueOrThrow({ where: { id: admin.id } })).toEqual(before);
    expect((await auditFor(admin.id)).map((e) => e.action)).toEqual(["user.create"]);
    // Auto-creation does not make a second account with that email either.
    expect(
      await resolveEntraUser({ objectId: guid(), email: admin.email, name: "Mallory" }, { autoCreateRole: "viewer" }),
    ).toEqual({ refused: "not_linked", email: admin.email });
    expect(await getPrisma().user.count({ where: { email: admin.email } })).toBe(1);
  });

  it("lets the account in once an admin has linked its object id, then by object id whatever its email", async () => {
    const user = await createUser({ email: email("entra"), name: "En", role: "analyst", password: PASSWORD }, null);
    const oid = guid();
    expect(await resolveEntraUser({ objectId: oid, email: user.email, name: "En" })).toMatchObject({
      refused: "not_linked",
    });
    const linked = await linkEntraUser({ email: user.email }, oid.toUpperCase(), null);
    expect(linked.entraLinked).toBe(true);
    const entries = await auditFor(user.id);
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.entra_link"]);
    expect(entries[1]).toMatchObject({ before: { entraObjectId: null }, after: { entraObjectId: oid } });

    const first = await resolveEntraUser({ objectId: oid, email: user.email, name: "En Tra" });
    expect("user" in first && first.user).toMatchObject({ id: user.id, entraObjectId: oid });
    expect("user" in first && first.user.lastLoginAt).toBeInstanceOf(Date);
    // The email claim changed in Entra: the object id still finds them.
    const again = await resolveEntraUser({ objectId: oid, email: email("renamed"), name: "En" });
    expect("user" in again && again.user.id).toBe(user.id);

    // Unlinked again: refused again.
    await linkEntraUser({ id: user.id }, null, null);
    expect(await resolveEntraUser({ objectId: oid, email: user.email, name: "En" })).toMatchObject({
      refused: "not_linked",
    });
  });

  it("links an object id to one user only, and takes only a GUID", async () => {
    const a = await createUser({ email: email("link-a"), name: "A", role: "viewer", password: PASSWORD }, null);
    const b = await createUser({ email: email("link-b"), name: "B", role: "viewer", password: PASSWORD }, null);
    const oid = guid();
    await linkEntraUser({ id: a.id }, oid, null);
    await expectAppError(
      linkEntraUser({ id: b.id }, oid, null),
      "conflict",
      /already linked to another Shellcase user/,
    );
    await expect(linkEntraUser({ id: b.id }, "not-a-guid", null)).rejects.toBeInstanceOf(ZodError);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: b.id } })).entraObjectId).toBeNull();
  });

  it("refuses unknown and disabled users, and creates one only when asked", async () => {
    const address = email("stranger");
    expect(await resolveEntraUser({ objectId: guid(), email: address, name: "S" })).toEqual({
      refused: "unknown_user",
      email: address,
    });
    expect(await getPrisma().user.count({ where: { email: address } })).toBe(0);
    expect(await resolveEntraUser({ objectId: guid(), email: null, name: "S" })).toMatchObject({
      refused: "no_email",
    });

    const disabled = await createUser({ email: email("off"), name: "Off", role: "viewer", password: PASSWORD }, null);
    const offOid = guid();
    await linkEntraUser({ id: disabled.id }, offOid, null);
    await updateUser({ id: disabled.id }, { disabled: true }, null);
    expect(await resolveEntraUser({ objectId: offOid, email: disabled.email, name: "Off" })).toMatchObject({
      refused: "disabled",
    });

    const oid = guid();
    const created = await resolveEntraUser(
      { objectId: oid, email: address, name: "New Person" },
      { autoCreateRole: "viewer" },
    );
    expect("user" in created && created.user).toMatchObject({
      email: address,
      name: "New Person",
      role: "viewer",
      entraObjectId: oid,
      passwordHash: null,
    });
    const entries = await auditFor("user" in created ? created.user.id : 0);
    expect(entries).toMatchObject([{ action: "user.create", actorId: null, actorLabel: "system" }]);
  });
});
