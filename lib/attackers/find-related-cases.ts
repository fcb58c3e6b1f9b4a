// Other incidents of the same attacker: the cases that share an attacker with this one. Two
// strengths, strongest first:
//   - "attacker": a profile of both cases, by exact identity (IP and user agent as logged), or
//     two identities an analyst merged into one profile;
//   - "ip": the same client IP with another user agent (the tool changed, or a shared address:
//     NAT, VPN exit), shown as a weaker link.
// The same user agent from another IP is no link: attackers copy common browser strings, and a
// shared one would tie unrelated incidents together. When an analyst decides two identities are
// one actor, merging them makes every case of either an "attacker" link.
import { getPool } from "../db";
import type { CaseStatus } from "../generated/prisma/enums";
import type { AttackerIdentity } from "./identity-key";

export type RelatedCaseLink = "attacker" | "ip";

export interface RelatedCase {
  caseId: number;
  number: string;
  title: string;
  status: CaseStatus;
  hostName: string;
  site: string | null;
  shellLocation: string | null;
  createdAt: Date;
  /** The earliest first access to its shell (findings), to tell earlier incidents from later ones. */
  firstShellAccess: Date | null;
  /** The strongest link of the case's attackers. */
  link: RelatedCaseLink;
  /**
   * The attackers that link the two cases, strongest first: `id` is the surviving profile (the
   * page to open), ip/userAgent the identity the other case names.
   */
  via: ({ link: RelatedCaseLink; id: number } & AttackerIdentity)[];
}

interface Row extends Omit<RelatedCase, "link" | "via"> {
  link: RelatedCaseLink;
  rootId: number;
  ip: string;
  userAgent: string;
}

const STRENGTH: Record<RelatedCaseLink, number> = { attacker: 0, ip: 1 };

export async function findRelatedCases(caseId: number): Promise<RelatedCase[]> {
  // mine: every identity of this case's attackers' groups (a group is a surviving profile and
  // its members, one level deep). Theirs: other cases' identities with the same group or IP.
  // case_attackers_pkey (case_id, …), case_attackers_attacker_id_idx, attacker_profiles_ip_idx,
  // attacker_profiles_merged_into_id_idx.
  const { rows } = await getPool().query<Row>(
    `WITH my_roots AS (
       SELECT DISTINCT coalesce(p.merged_into_id, p.id) AS root_id
         FROM case_attackers ca JOIN attacker_profiles p ON p.id = ca.attacker_id
        WHERE ca.case_id = $1),
     mine AS (
       SELECT p.ip FROM attacker_profiles p
        WHERE p.id IN (SELECT root_id FROM my_roots) OR p.merged_into_id IN (SELECT root_id FROM my_roots)),
     theirs AS (
       SELECT p.id, coalesce(p.merged_into_id, p.id) AS root_id, p.ip, p.user_agent
         FROM attacker_profiles p
        WHERE p.id IN (SELECT root_id FROM my_roots)
           OR p.merged_into_id IN (SELECT root_id FROM my_roots)
           OR (p.ip <> '' AND p.ip IN (SELECT ip FROM mine WHERE ip <> '')))
     SELECT c.id AS "caseId", c.number, c.title, c.status, c.host_name AS "hostName", c.site,
            c.shell_location AS "shellLocation", c.created_at AS "createdAt",
            (SELECT min(f.first_shell_access) FROM findings f WHERE f.case_id = c.id) AS "firstShellAccess",
            CASE WHEN t.root_id IN (SELECT root_id FROM my_roots) THEN 'attacker' ELSE 'ip' END AS link,
            t.root_id AS "rootId", t.ip, t.user_agent AS "userAgent"
       FROM theirs t
       JOIN case_attackers ca ON ca.attacker_id = t.id AND ca.case_id <> $1
       JOIN cases c ON c.id = ca.case_id`,
    [caseId],
  );
  const byCase = new Map<number, RelatedCase>();
  for (const { link, rootId, ip, userAgent, ...c } of rows) {
    const related = byCase.get(c.caseId) ?? { ...c, link, via: [] };
    if (STRENGTH[link] < STRENGTH[related.link]) related.link = link;
    if (!related.via.some((v) => v.id === rootId && v.ip === ip && v.userAgent === userAgent)) {
      related.via.push({ link, id: rootId, ip, userAgent });
    }
    byCase.set(c.caseId, related);
  }
  const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byCase.values()]
    .map((r) => ({
      ...r,
      via: r.via.sort(
        (a, b) => STRENGTH[a.link] - STRENGTH[b.link] || a.id - b.id || ordinal(a.userAgent, b.userAgent),
      ),
    }))
    .sort((a, b) => STRENGTH[a.link] - STRENGTH[b.link] || ordinal(a.number, b.number));
}
