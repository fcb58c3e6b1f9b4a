// Open cases for the dashboard: mine, unassigned, by status and by owner, from one grouped count.
import { getPrisma } from "../db";
import { summariseOpenCases, type OpenCaseFigures, type OpenCaseGroup } from "./summarise-open-cases";

export async function getOpenCaseFigures(actorId: number): Promise<OpenCaseFigures> {
  // cases_status_owner_id_idx: an index-only scan of the open statuses, grouped; the owners'
  // names are joined to the groups, not to the cases.
  const groups = await getPrisma().$queryRaw<OpenCaseGroup[]>`
    SELECT g.status, g.owner_id AS "ownerId", u.name AS "ownerName", u.email AS "ownerEmail", g.count
      FROM (SELECT c.status, c.owner_id, count(*)::int AS count
              FROM cases c WHERE c.status <> 'closed' GROUP BY c.status, c.owner_id) g
      LEFT JOIN users u ON u.id = g.owner_id`;
  return summariseOpenCases(groups, actorId);
}
