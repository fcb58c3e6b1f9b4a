// One attacker profile with what an analyst reads about it: the identities merged into it, its
// history across incidents (every linked case, with this attacker's first and last request on
// that case's host) and its requests over time per host, for a chart.
import { getPool } from "../db";
import { AppError } from "../errors";
import type { CaseStatus } from "../generated/prisma/enums";
import { chooseActivityBucket, type ActivityBucket } from "./choose-activity-bucket";
import type { AttackerIdentity } from "./identity-key";
import { identityRequestsFilter } from "./identity-requests-filter";

export interface AttackerMember extends AttackerIdentity {
  id: number;
  label: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export interface AttackerCaseHistory {
  caseId: number;
  number: string;
  title: string;
  status: CaseStatus;
  hostName: string;
  site: string | null;
  shellLocation: string | null;
  /** The earliest first access to the shell any finding of the case saw (by anyone). */
  firstShellAccess: Date | null;
  /** This attacker's (any of its identities') first and last request on the case's host. */
  firstRequest: Date | null;
  lastRequest: Date | null;
  /** Which of the profile's identities the case names (profile ids). */
  identityIds: number[];
}

export interface AttackerActivity extends ActivityBucket {
  /** Hosts with requests in the range, busiest first ('' for requests without a host). */
  hosts: string[];
  /** Every bucket of the range in order, empty ones included. */
  buckets: { start: Date; total: number; byHost: Record<string, number> }[];
}

export interface AttackerDetail extends AttackerMember {
  createdAt: Date;
  /** The surviving profile this one is merged into, or null when it is one itself. */
  mergedInto: ({ id: number } & AttackerIdentity) | null;
  /** Identities merged into this profile (none when it is a member itself). */
  members: AttackerMember[];
  /** First and last seen over the profile and its members. */
  groupFirstSeen: Date | null;
  groupLastSeen: Date | null;
  history: AttackerCaseHistory[];
  activity: AttackerActivity | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PROFILE_COLUMNS = `id, ip, user_agent AS "userAgent", label, first_seen AS "firstSeen", last_seen AS "lastSeen",
  created_at AS "createdAt", merged_into_id AS "mergedIntoId"`;

type ProfileRow = AttackerMember & { createdAt: Date; mergedIntoId: number | null };

export async function getAttackerById(id: number): Promise<AttackerDetail> {
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "No such attacker.");
  const pool = getPool();
  // The profile and its members: attacker_profiles_pkey, attacker_profiles_merged_into_id_idx.
  const { rows: group } = await pool.query<ProfileRow>(
    `SELECT ${PROFILE_COLUMNS} FROM attacker_profiles WHERE id = $1 OR merged_into_id = $1 ORDER BY id`,
    [id],
  );
  const profile = group.find((p) => p.id === id);
  if (!profile) throw new AppError("not_found", "No such attacker.");
  const members = profile.mergedIntoId === null ? group.filter((p) => p.id !== id) : [];
  const identities = [profile, ...members];

  const mergedInto =
    profile.mergedIntoId === null
      ? null
      : ((
          await pool.query<{ id: number } & AttackerIdentity>(
            `SELECT id, ip, user_agent AS "userAgent" FROM attacker_profiles WHERE id = $1`,
            [profile.mergedIntoId],
          )
        ).rows[0] ?? null);

  const history = await caseHistory(identities);
  const times = (pick: (p: AttackerMember) => Date | null) => identities.map(pick).filter((d): d is Date => d !== null);
  const firsts = times((p) => p.firstSeen);
  const lasts = times((p) => p.lastSeen);
  const groupFirstSeen = firsts.length ? new Date(Math.min(...firsts.map(Number))) : null;
  const groupLastSeen = lasts.length ? new Date(Math.max(...lasts.map(Number))) : null;
  const activity =
    groupFirstSeen && groupLastSeen ? await requestActivity(identities, groupFirstSeen, groupLastSeen) : null;

  const { mergedIntoId: _m, ...own } = profile;
  return {
    ...own,
    mergedInto,
    members: members.map(({ createdAt: _c, mergedIntoId: _mi, ...m }) => m),
    groupFirstSeen,
    groupLastSeen,
    history,
    activity,
  };
}

async function caseHistory(identities: AttackerMember[]): Promise<AttackerCaseHistory[]> {
  const pool = getPool();
  // case_attackers_attacker_id_idx; findings_case_id_idx for the first shell access.
  const { rows: cases } = await pool.query<Omit<AttackerCaseHistory, "firstRequest" | "lastRequest">>(
    `SELECT c.id AS "caseId", c.number, c.title, c.status, c.host_name AS "hostName", c.site,
            c.shell_location AS "shellLocation",
            (SELECT min(f.first_shell_access) FROM findings f WHERE f.case_id = c.id) AS "firstShellAccess",
            array_agg(ca.attacker_id ORDER BY ca.attacker_id) AS "identityIds"
       FROM case_attackers ca JOIN cases c ON c.id = ca.case_id
      WHERE ca.attacker_id = ANY($1::int[])
      GROUP BY c.id`,
    [identities.map((p) => p.id)],
  );
  const history: AttackerCaseHistory[] = [];
  for (const c of cases) {
    let first: number | null = null;
    let last: number | null = null;
    for (const identity of identities) {
      const params: unknown[] = [];
      const where = identityRequestsFilter(identity, params);
      if (!where) continue;
      params.push(c.hostName);
      // web_requests_client_ip_time_idx, the host checked on the IP's rows; LIMIT 1 from each end.
      for (const order of ["ASC", "DESC"] as const) {
        const { rows } = await pool.query<{ time: Date }>(
          `SELECT time FROM web_requests WHERE ${where} AND host = $${params.length} ORDER BY time ${order} LIMIT 1`,
          params,
        );
        const t = rows[0]?.time.getTime();
        if (t === undefined) continue;
        if (order === "ASC") first = first === null ? t : Math.min(first, t);
        else last = last === null ? t : Math.max(last, t);
      }
    }
    history.push({
      ...c,
      firstRequest: first === null ? null : new Date(first),
      lastRequest: last === null ? null : new Date(last),
    });
  }
  // In the attacker's own order: by their first request on each host, then by case.
  const at = (h: AttackerCaseHistory) => h.firstRequest?.getTime() ?? h.firstShellAccess?.getTime() ?? Infinity;
  return history.sort((a, b) => at(a) - at(b) || a.caseId - b.caseId);
}

async function requestActivity(identities: AttackerMember[], firstSeen: Date, lastSeen: Date) {
  const bucket = chooseActivityBucket(firstSeen, lastSeen);
  const params: unknown[] = [bucket.unit === "hour" ? "1 hour" : "1 day", bucket.from, bucket.to];
  // One index range per identity on web_requests_client_ip_time_idx, bounded by the range.
  const parts = identities
    .map((identity) => identityRequestsFilter(identity, params))
    .filter((where): where is string => where !== null)
    .map((where) => `SELECT time, host FROM web_requests WHERE time >= $2 AND time < $3 AND ${where}`);
  if (!parts.length) return null;
  const { rows } = await getPool().query<{ bucket: Date; host: string; requests: number }>(
    `SELECT date_bin($1::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
            coalesce(host, '') AS host, count(*)::int AS requests
       FROM (${parts.join(" UNION ALL ")}) r
      GROUP BY 1, 2`,
    params,
  );
  const size = bucket.unit === "hour" ? HOUR : DAY;
  const buckets: AttackerActivity["buckets"] = [];
  for (let t = bucket.from.getTime(); t < bucket.to.getTime(); t += size) {
    buckets.push({ start: new Date(t), total: 0, byHost: {} });
  }
  const perHost = new Map<string, number>();
  for (const r of rows) {
    const b = buckets[Math.floor((r.bucket.getTime() - bucket.from.getTime()) / size)];
    if (!b) continue;
    b.byHost[r.host] = (b.byHost[r.host] ?? 0) + r.requests;
    b.total += r.requests;
    perHost.set(r.host, (perHost.get(r.host) ?? 0) + r.requests);
  }
  const hosts = [...perHost.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([h]) => h);
  return { ...bucket, hosts, buckets };
}
