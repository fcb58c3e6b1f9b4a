// A password hash as Shellcase stored it before scrypt's cost was raised to OWASP's (N=2^15
// instead of 2^17): for the tests of re-hashing at sign-in.
import { randomBytes, scryptSync } from "node:crypto";

export function legacyPasswordHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 << 20 });
  return ["scrypt", 2 ** 15, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}
