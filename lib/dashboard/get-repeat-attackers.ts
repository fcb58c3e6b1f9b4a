// Attackers seen in more than one incident: attacker profiles (a merged group counts as one, as
// on the Attackers page) linked to two or more cases. The same condition as the Attackers page's
// `repeated` filter (lib/attackers/find-attackers.ts).
import { getPrisma } from "../db";

export interface RepeatAttacker {
  /** The surviving profile of the group. */
  id: number;
  ip: string;
  userAgent: string;
  label: string | null;
  cases: number;
  lastSeen: Date | null;
}

export interface RepeatAttackers {
  count: number;
  /** The ones in the most cases, the newest profile first among equals. */
  top: RepeatAttacker[];
}

export async function getRepeatAttackers(limit = 5): Promise<RepeatAttackers> {
  // A profile nobody merged anything into is counted from case_attackers_attacker_id_idx alone
  // (an index-only, grouped scan). Merged groups (rare: an analyst's act) count their members'
  // distinct cases; attacker_profiles_merged_into_id_idx finds them.
  const rows = await getPrisma().$queryRaw<(RepeatAttacker & { total: number })[]>`
    WITH per AS (
      SELECT ca.attacker_id, count(*)::int AS n FROM case_attackers ca GROUP BY ca.attacker_id),
    merged AS (
      SELECT m.id, m.merged_into_id AS root_id FROM attacker_profiles m WHERE m.merged_into_id IS NOT NULL),
    grouped AS (
      SELECT g.root_id, count(DISTINCT ca.case_id)::int AS cases
        FROM (SELECT id, root_id FROM merged
              UNION SELECT root_id, root_id FROM merged) g
        JOIN case_attackers ca ON ca.attacker_id = g.id
       GROUP BY g.root_id),
    groups AS (
      SELECT per.attacker_id AS root_id, per.n AS cases
        FROM per JOIN attacker_profiles p ON p.id = per.attacker_id
       WHERE per.n > 1 AND p.merged_into_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM merged WHERE merged.root_id = p.id)
      UNION ALL
      SELECT root_id, cases FROM grouped WHERE cases > 1)
    SELECT r.id, r.ip, r.user_agent AS "userAgent", r.label, g.cases,
           (SELECT max(m.last_seen) FROM attacker_profiles m WHERE m.id = r.id OR m.merged_into_id = r.id) AS "lastSeen",
           count(*) OVER ()::int AS total
      FROM groups g JOIN attacker_profiles r ON r.id = g.root_id
     ORDER BY g.cases DESC, r.id DESC
     LIMIT ${limit}`;
  return { count: rows[0]?.total ?? 0, top: rows.map(({ total: _t, ...a }) => a) };
}
