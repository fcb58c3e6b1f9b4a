// The web_requests rows of one attacker identity, as a parameterised SQL condition. client_ip
// leads web_requests_client_ip_time_idx (client_ip, time), so `… ORDER BY time LIMIT 1` reads the
// IP's rows in time order and checks the user agent on each: no scan, and no whole-value index on
// the attacker-controlled user agent.
import { isIP } from "node:net";
import type { AttackerIdentity } from "./identity-key";

/**
 * Appends the identity's values to `params` and returns the condition, or null when its IP is
 * not an address (a hand-edited finding): no request can match, and casting it would fail the
 * query. '' stands for a missing value (NULL in web_requests).
 */
export function identityRequestsFilter(identity: AttackerIdentity, params: unknown[]): string | null {
  const parts: string[] = [];
  if (identity.ip === "") parts.push("client_ip IS NULL");
  else if (isIP(identity.ip)) {
    params.push(identity.ip);
    parts.push(`client_ip = $${params.length}::inet`);
  } else return null;
  if (identity.userAgent === "") parts.push("user_agent IS NULL");
  else {
    params.push(identity.userAgent);
    parts.push(`user_agent = $${params.length}`);
  }
  return parts.join(" AND ");
}
