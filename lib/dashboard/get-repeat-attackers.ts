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
  /** The ones in the most cases, most recently seen first among equals. */
  top: RepeatAttacker[];
}

export async function getRepeatAttackers(limit = 5): Promise<RepeatAttackers> {
  // One pass over case_attackers grouped by profile group (attacker_profiles_pkey for the root):
  // case_attackers holds a row per attacker per case, so it is small next to alerts and requests.
  const rows = await getPrisma().$queryRaw<(RepeatAttacker & { total: number })[]>`
    WITH groups AS (
      SELECT coalesce(p.merged_into_id, p.id) AS root_id, count(DISTINCT ca.case_id)::int AS cases
        FROM case_attackers ca JOIN attacker_profiles p ON p.id = ca.attacker_id
       GROUP BY 1 HAVING count(DISTINCT ca.case_id) > 1)
    SELECT r.id, r.ip, r.user_agent AS "userAgent", r.label, g.cases,
           (SELECT max(m.last_seen) FROM attacker_profiles m WHERE m.id = r.id OR m.merged_into_id = r.id) AS "lastSeen",
           count(*) OVER ()::int AS total
      FROM groups g JOIN attacker_profiles r ON r.id = g.root_id
     ORDER BY g.cases DESC, "lastSeen" DESC NULLS LAST, r.id DESC
     LIMIT ${limit}`;
  return { count: rows[0]?.total ?? 0, top: rows.map(({ total: _t, ...a }) => a) };
}
