// Password hashing with scrypt (memory-hard; in Node's crypto, so no native add-on to build).
// Stored as "scrypt$N$r$p$salt$hash" (base64) so the cost can be raised later without breaking
// existing hashes; verification compares in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// N * r * 128 bytes = 32 MiB per hash; Node's default maxmem (32 MiB) is just too small.
const MAXMEM = 64 * 1024 * 1024;

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

/** A hash to verify against when the user does not exist, so that timing does not tell. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}
