// Profiles an analyst may want to merge into this one: other surviving profiles that share an IP
// or a user agent with any identity of its group. Suggestions only; the analyst decides.
import { getPool } from "../db";
import type { AttackerIdentity } from "./identity-key";

export interface MergeCandidate extends AttackerIdentity {
  id: number;
  label: string | null;
  /** What it shares with this profile. */
  shares: "ip" | "user_agent" | "both";
  cases: string[];
}

const MAX_CANDIDATES = 20;

export async function findMergeCandidates(id: number): Promise<MergeCandidate[]> {
  // attacker_profiles_ip_idx for the IPs; user agents have no index (attacker-controlled length),
  // and profiles are few next to requests.
  const { rows } = await getPool().query<MergeCandidate>(
    `WITH root AS (SELECT coalesce(merged_into_id, id) AS id FROM attacker_profiles WHERE id = $1),
     mine AS (SELECT ip, user_agent FROM attacker_profiles WHERE id = (SELECT id FROM root) OR merged_into_id = (SELECT id FROM root)),
     cand AS (
       SELECT coalesce(p.merged_into_id, p.id) AS id,
              bool_or(p.ip <> '' AND p.ip IN (SELECT ip FROM mine)) AS same_ip,
              bool_or(p.user_agent <> '' AND p.user_agent IN (SELECT user_agent FROM mine)) AS same_ua
         FROM attacker_profiles p
        WHERE coalesce(p.merged_into_id, p.id) <> (SELECT id FROM root)
          AND ((p.ip <> '' AND p.ip IN (SELECT ip FROM mine)) OR (p.user_agent <> '' AND p.user_agent IN (SELECT user_agent FROM mine)))
        GROUP BY 1)
     SELECT r.id, r.ip, r.user_agent AS "userAgent", r.label,
            CASE WHEN c.same_ip AND c.same_ua THEN 'both' WHEN c.same_ip THEN 'ip' ELSE 'user_agent' END AS shares,
            coalesce((SELECT array_agg(DISTINCT k.number COLLATE "C" ORDER BY k.number COLLATE "C")
                        FROM attacker_profiles g JOIN case_attackers ca ON ca.attacker_id = g.id JOIN cases k ON k.id = ca.case_id
                       WHERE g.id = r.id OR g.merged_into_id = r.id), '{}') AS cases
       FROM cand c JOIN attacker_profiles r ON r.id = c.id
      ORDER BY c.same_ip DESC, r.id
      LIMIT ${MAX_CANDIDATES}`,
    [id],
  );
  return rows;
}
