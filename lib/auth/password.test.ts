import { describe, expect, it } from "vitest";
import { legacyPasswordHash as legacyHash } from "../../tests/support/legacy-password-hash";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";

// One hash at the current cost takes about a second of a loaded CI core.
describe("password hashing", { timeout: 60_000 }, () => {
  it("verifies the password it hashed and nothing else", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterz", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("verifies a hash made at the old cost, and says it needs a new one; not so the current cost", async () => {
    const old = legacyHash("correct horse battery");
    expect(await verifyPassword("correct horse battery", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("correct horse battery"))).toBe(false);
    expect(needsRehash("not a hash")).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password!"), hashPassword("same password!")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password!", b)).toBe(true);
  });

  it("treats a composed and a decomposed accent as the same password (NFKC)", async () => {
    const hash = await hashPassword("caf\u00e9 au lait!!");
    expect(await verifyPassword("cafe\u0301 au lait!!", hash)).toBe(true);
  });

  it("answers false, never throws, for a malformed hash", async () => {
    const good = await hashPassword("correct horse battery");
    const [, n, r, p, salt, key] = good.split("$");
    for (const bad of [
      null,
      undefined,
      "",
      "not a hash",
      `bcrypt$${n}$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$${n}$${r}$${p}$${salt}$${key}$extra`,
      `scrypt$${n}$${r}$${p}$${salt}$${Buffer.from("short").toString("base64")}`,
    ]) {
      expect(await verifyPassword("correct horse battery", bad)).toBe(false);
    }
  });

  it("answers false for cost parameters scrypt would refuse (a corrupt or tampered hash)", async () => {
    const good = await hashPassword("correct horse battery");
    for (const [index, value] of [
      [1, "3"], // N must be a power of two
      [1, "1073741824"], // 2^30: far beyond the memory bound
      [2, "0"],
      [3, "x"],
    ] as const) {
      const parts = good.split("$");
      parts[index] = value;
      expect(await verifyPassword("correct horse battery", parts.join("$"))).toBe(false);
    }
  });

  it("has one dummy hash per process that no password matches by accident", async () => {
    expect(await dummyHash()).toBe(await dummyHash());
    expect(await verifyPassword("correct horse battery", await dummyHash())).toBe(false);
  });
});
