// Attacker profiles across incidents, one entry per surviving profile: a merged profile's
// members fold into it (their first/last seen, cases, hosts, sites and shells), and each entry
// lists the member identities. Two queries: the count, then the page with everything aggregated.
import { z } from "zod";
import { getPool } from "../db";
import { pageParamsSchema, skipFor, type Page } from "../paging";
import type { AttackerIdentity } from "./identity-key";

export const attackerSearchSchema = pageParamsSchema.extend({
  /** Part of an IP, a user agent (as logged) or a label, of the profile or one of its members. */
  q: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || undefined),
  /** Only profiles seen in more than one case (their members' cases included): "1" or "true". */
  repeated: z
    .preprocess((v) => (v === "1" || v === "true" || v === true ? true : undefined), z.literal(true).optional())
    .optional(),
});

export type AttackerSearch = z.input<typeof attackerSearchSchema>;

export interface AttackerListItem extends AttackerIdentity {
  id: number;
  label: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  hosts: string[];
  sites: string[];
  shells: string[];
  /** Case numbers (CASE-2026-0001). */
  cases: string[];
  /** The identities merged into this profile, oldest first; empty when none. */
  members: ({ id: number } & AttackerIdentity)[];
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// A profile is a root (merged_into_id IS NULL) or a member of a root: merges keep it one level
// deep (lib/attackers/merge-attackers.ts), so a group is coalesce(merged_into_id, id).
// attacker_profiles_merged_into_id_idx finds the members, case_attackers_attacker_id_idx the cases.
const MATCHING_ROOTS = `
  SELECT r.id FROM attacker_profiles r
   WHERE r.merged_into_id IS NULL
     AND ($1::text IS NULL OR EXISTS (
           SELECT 1 FROM attacker_profiles m
            WHERE (m.id = r.id OR m.merged_into_id = r.id)
              AND (m.ip ILIKE $1 ESCAPE '\\' OR m.user_agent ILIKE $1 ESCAPE '\\' OR m.label ILIKE $1 ESCAPE '\\')))
     AND ($2::boolean IS NOT TRUE OR (
           SELECT count(DISTINCT ca.case_id) FROM attacker_profiles m JOIN case_attackers ca ON ca.attacker_id = m.id
            WHERE m.id = r.id OR m.merged_into_id = r.id) > 1)`;

export async function findAttackers(search: AttackerSearch = {}): Promise<Page<AttackerListItem>> {
  const { page, perPage, q, repeated } = attackerSearchSchema.parse(search);
  const pattern = q === undefined ? null : likePattern(q);
  const pool = getPool();
  const [countResult, rowsResult] = await Promise.all([
    pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM (${MATCHING_ROOTS}) roots`, [
      pattern,
      repeated ?? null,
    ]),
    pool.query<AttackerListItem>(
      `WITH roots AS (${MATCHING_ROOTS}),
       grp AS (
         SELECT m.*, coalesce(m.merged_into_id, m.id) AS root_id
           FROM attacker_profiles m
          WHERE m.id IN (SELECT id FROM roots) OR m.merged_into_id IN (SELECT id FROM roots)),
       seen AS (
         SELECT root_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen FROM grp GROUP BY root_id),
       page AS (
         SELECT s.* FROM seen s
          ORDER BY s.last_seen DESC NULLS LAST, s.root_id DESC
          LIMIT $3 OFFSET $4),
       linked AS (
         SELECT g.root_id, c.number, c.host_name, c.site, c.shell_location
           FROM grp g JOIN case_attackers ca ON ca.attacker_id = g.id JOIN cases c ON c.id = ca.case_id
          WHERE g.root_id IN (SELECT root_id FROM page))
       SELECT r.id, r.ip, r.user_agent AS "userAgent", r.label, p.first_seen AS "firstSeen", p.last_seen AS "lastSeen",
              coalesce((SELECT array_agg(DISTINCT l.host_name COLLATE "C" ORDER BY l.host_name COLLATE "C")
                          FROM linked l WHERE l.root_id = r.id), '{}') AS hosts,
              coalesce((SELECT array_agg(DISTINCT l.site COLLATE "C" ORDER BY l.site COLLATE "C")
                          FROM linked l WHERE l.root_id = r.id AND l.site IS NOT NULL), '{}') AS sites,
              coalesce((SELECT array_agg(DISTINCT l.shell_location COLLATE "C" ORDER BY l.shell_location COLLATE "C")
                          FROM linked l WHERE l.root_id = r.id AND l.shell_location IS NOT NULL), '{}') AS shells,
              coalesce((SELECT array_agg(DISTINCT l.number COLLATE "C" ORDER BY l.number COLLATE "C")
                          FROM linked l WHERE l.root_id = r.id), '{}') AS cases,
              coalesce((SELECT json_agg(json_build_object('id', g.id, 'ip', g.ip, 'userAgent', g.user_agent) ORDER BY g.id)
                          FROM grp g WHERE g.root_id = r.id AND g.id <> r.id), '[]') AS members
         FROM page p JOIN attacker_profiles r ON r.id = p.root_id
        ORDER BY p.last_seen DESC NULLS LAST, p.root_id DESC`,
      [pattern, repeated ?? null, perPage, skipFor({ page, perPage })],
    ),
  ]);
  return { data: rowsResult.rows, count: countResult.rows[0]!.count, page, perPage };
}
