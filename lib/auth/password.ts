// Password hashing with scrypt (memory-hard; in Node's crypto, so no native add-on to build) at
// OWASP's recommended cost (Password Storage Cheat Sheet: N=2^17, r=8, p=1). Stored as
// "scrypt$N$r$p$salt$hash" (base64), so a hash made at an older cost still verifies, and
// needsRehash() tells sign-in to store a new one at the current cost; verification compares in
// constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// N * r * 128 bytes = 128 MiB per hash; Node's default maxmem (32 MiB) is too small. Stored
// hashes asking for more than this are treated as corrupt.
const MAXMEM = 160 * 1024 * 1024;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...opts, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

/** False for a wrong password or a malformed hash; never throws on input. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? "").split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64");
  if (expected.length !== KEY_LENGTH) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  // Parameters scrypt would refuse (or that would exceed MAXMEM) mean a corrupt hash, not an error.
  const isPowerOfTwo = Number.isInteger(cost.N) && cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  if (!isPowerOfTwo || ![cost.r, cost.p].every((v) => Number.isInteger(v) && v >= 1 && v <= 64)) return false;
  try {
    return timingSafeEqual(await derive(password, Buffer.from(salt, "base64"), cost), expected);
  } catch {
    return false;
  }
}

/** True for a well-formed hash made at another cost than the current one: store a new hash. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme === "scrypt" && (Number(n) !== N || Number(r) !== R || Number(p) !== P);
}

/** A hash to verify against when the user does not exist, so that timing does not tell. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}
