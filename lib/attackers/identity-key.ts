// The identity of an attacker profile: the (client IP, user agent) pair exactly as logged, with ''
// for a missing value. Uniqueness is on a hash because user agents are attacker-controlled and
// may be longer than a B-tree entry allows (attacker_profiles_identity_key_key).
import { createHash } from "node:crypto";

export interface AttackerIdentity {
  ip: string;
  userAgent: string;
}

/** sha256(ip + "\u0000" + userAgent), hex: the value of attacker_profiles.identity_key. */
export function identityKey(identity: { ip: string | null; userAgent: string | null }): string {
  return createHash("sha256")
    .update(`${identity.ip ?? ""}\u0000${identity.userAgent ?? ""}`, "utf8")
    .digest("hex");
}
