// Runs the sentinel-compat queries (lib/enrich/sentinel-compat.ts) over the database. The pure
// functions define the semantics; this file only fetches the rows they can touch, so a large
// web_requests table is never read into memory:
//   - command query: requests on the alert hosts (exact, case-sensitive names) within
//     [TimeKey, TimeKey + 90 s) of some alert's TimeKey — exactly the requests that carry that
//     key (KEY_REACH_MS) — whose stem may have a script extension; plus, per candidate page, the
//     baseline's distinct client IP count over every host and site;
//   - file query: per (IP, user agent, site, stem) group of requests whose stem ends in
//     "/<alert file name>", the first and last request time (the database does the grouping).
// A from/to range applies to every table, like a Sentinel time range: alerts by TimeGenerated,
// requests by time, both as from <= t < to.
import { getPool, getPrisma } from "../db";
import { SCRIPT_EXTENSIONS } from "./kql-has";
import {
  applyBaseline,
  commandAlertCandidates,
  commandKeyedData,
  fileAlertEnrichment,
  fileAlertNames,
  KEY_REACH_MS,
  type CommandCompatRow,
  type CompatAlert,
  type CompatRequest,
  type FileCompatRow,
} from "./sentinel-compat";

export interface SentinelCompatRange {
  from?: Date;
  to?: Date;
}

export interface SentinelCompatResult {
  commandAlertEnrichment: CommandCompatRow[];
  fileAlertEnrichment: FileCompatRow[];
}

export async function evaluateSentinelCompat(opts: SentinelCompatRange = {}): Promise<SentinelCompatResult> {
  const alerts = await loadAlerts(opts);

  const commandRequests = await loadCommandRequests(alerts, opts);
  const candidates = commandAlertCandidates(alerts, commandRequests);
  const dcounts = await loadBaselineDcounts([...new Set(candidates.map((c) => c.ShellLocation))], opts);
  const commandRows = applyBaseline(candidates, (stem) => dcounts.get(stem) ?? 0);

  const fileRequests = await loadFileRequests(fileAlertNames(alerts), opts);
  return { commandAlertEnrichment: commandRows, fileAlertEnrichment: fileAlertEnrichment(alerts, fileRequests) };
}

/**
 * Both queries start from `ProviderName =~ "MDATP"` alerts (the command query's shell alerts are
 * rows whose SystemAlertId is an MDATP alert's, and the table keeps one row per id), so only
 * those are loaded. `mode: "insensitive"` (ILIKE) finds a superset of the exact check, which the
 * pure functions apply again.
 */
async function loadAlerts({ from, to }: SentinelCompatRange): Promise<CompatAlert[]> {
  const rows = await getPrisma().alert.findMany({
    where: {
      providerName: { equals: "MDATP", mode: "insensitive" },
      timeGenerated: { gte: from, lt: to },
    },
    select: { systemAlertId: true, providerName: true, timeGenerated: true, entities: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    systemAlertId: r.systemAlertId,
    providerName: r.providerName,
    timeGenerated: r.timeGenerated,
    entities: Array.isArray(r.entities) ? (r.entities as unknown[]) : [],
  }));
}

/** Escapes LIKE's wildcards and its escape character (backslash, the default). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A stem that may have a script extension: `has_any` implies this; the pure code checks exactly. */
const SCRIPT_STEM_PATTERNS = SCRIPT_EXTENSIONS.map((ext) => `%${escapeLike(ext)}%`);

interface RequestRow {
  time: Date;
  site: string | null;
  host: string | null;
  client_ip: string | null;
  user_agent: string | null;
  uri_stem: string | null;
}

const toRequest = (r: RequestRow): CompatRequest => ({
  time: r.time,
  site: r.site,
  host: r.host,
  clientIp: r.client_ip,
  userAgent: r.user_agent,
  uriStem: r.uri_stem,
});

/** [start, end) time ranges per host, merged so that no request is fetched twice. */
function keyRanges(alerts: readonly CompatAlert[], { from, to }: SentinelCompatRange): Map<string, [number, number][]> {
  const keysByHost = new Map<string, Set<number>>();
  for (const r of commandKeyedData(alerts)) {
    const keys = keysByHost.get(r.hostName) ?? new Set<number>();
    keys.add(r.timeKey);
    keysByHost.set(r.hostName, keys);
  }
  const lo = from?.getTime() ?? -Infinity;
  const hi = to?.getTime() ?? Infinity;
  const ranges = new Map<string, [number, number][]>();
  for (const [host, keys] of keysByHost) {
    const merged: [number, number][] = [];
    for (const k of [...keys].sort((a, b) => a - b)) {
      const start = Math.max(k, lo);
      const end = Math.min(k + KEY_REACH_MS, hi);
      if (start >= end) continue;
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    if (merged.length > 0) ranges.set(host, merged);
  }
  return ranges;
}

// Times are truncated to milliseconds in SQL, so that the Date pg builds is exact. Truncation
// never moves a time across a 30 s bin boundary (those are whole milliseconds), so TimeKeys are
// unchanged; two requests within the same millisecond count as simultaneous (KQL's datetime has
// 100 ns ticks).
const REQUEST_COLUMNS = `date_trunc('milliseconds', w.time) AS time, w.site, w.host, host(w.client_ip) AS client_ip,
       w.user_agent, w.uri_stem`;

async function loadCommandRequests(
  alerts: readonly CompatAlert[],
  range: SentinelCompatRange,
): Promise<CompatRequest[]> {
  const ranges = keyRanges(alerts, range);
  const hosts: string[] = [];
  const starts: Date[] = [];
  const ends: Date[] = [];
  let emptyHostRanges: [number, number][] = [];
  for (const [host, list] of ranges) {
    // KQL's sComputerName is "" where our host is null: an alert host entity without a HostName
    // ("") meets those requests.
    if (host === "") {
      emptyHostRanges = list;
      continue;
    }
    for (const [s, e] of list) {
      hosts.push(host);
      starts.push(new Date(s));
      ends.push(new Date(e));
    }
  }
  const out: CompatRequest[] = [];
  if (hosts.length > 0) {
    // One index range scan of web_requests_host_time_idx (host, time) per (host, window).
    const { rows } = await getPool().query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS}
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r(host, t0, t1)
         JOIN web_requests w ON w.host = r.host AND w.time >= r.t0 AND w.time < r.t1
        WHERE w.uri_stem ILIKE ANY ($4::text[])`,
      [hosts, starts, ends, SCRIPT_STEM_PATTERNS],
    );
    for (const r of rows) out.push(toRequest(r));
  }
  if (emptyHostRanges.length > 0) {
    const { rows } = await getPool().query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS}
         FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(t0, t1)
         JOIN web_requests w ON (w.host IS NULL OR w.host = '') AND w.time >= r.t0 AND w.time < r.t1
        WHERE w.uri_stem ILIKE ANY ($3::text[])`,
      [emptyHostRanges.map(([s]) => new Date(s)), emptyHostRanges.map(([, e]) => new Date(e)), SCRIPT_STEM_PATTERNS],
    );
    for (const r of rows) out.push(toRequest(r));
  }
  return out;
}

/** Appends `AND w.time >= $n` / `< $m` for the range; values stay parameters. */
function timeConditions(params: unknown[], { from, to }: SentinelCompatRange): string {
  let sql = "";
  if (from) {
    params.push(from);
    sql += ` AND w.time >= $${params.length}`;
  }
  if (to) {
    params.push(to);
    sql += ` AND w.time < $${params.length}`;
  }
  return sql;
}

/**
 * The baseline's dcount(cIP) per page, over every host and site (within the range). Uses
 * web_requests_host_uri_stem_time_idx once per known host (host = ANY), and once for rows
 * without a host. An absent client IP counts as
 * one value, like KQL's "" (its strings cannot be null, so dcount does not skip them).
 */
async function loadBaselineDcounts(stems: string[], range: SentinelCompatRange): Promise<Map<string, number>> {
  if (stems.length === 0) return new Map();
  const hosts = (await getPool().query<{ host: string }>("SELECT DISTINCT host FROM web_log_sources")).rows.map(
    (r) => r.host,
  );
  const params: unknown[] = [stems, hosts];
  const time = timeConditions(params, range);
  const { rows } = await getPool().query<{ stem: string; n: number }>(
    `SELECT s.stem,
            (SELECT count(DISTINCT coalesce(host(w.client_ip), ''))::int
               FROM web_requests w
              WHERE (w.host = ANY($2::text[]) OR w.host IS NULL)
                AND left(w.uri_stem, 512) = left(s.stem, 512) AND w.uri_stem = s.stem${time}) AS n
       FROM unnest($1::text[]) AS s(stem)`,
    params,
  );
  return new Map(rows.map((r) => [r.stem, r.n]));
}

/**
 * For the file query: the first and last time of each (IP, user agent, site, stem) group whose
 * stem ends in "/" + an alert file name (or is the name). LIKE's wildcards in names are escaped.
 * LIKE '%/name' cannot use an index: this is one scan of web_requests (of the range's partitions),
 * returning only the groups. Feeding the pure function a request at each group's first and last
 * time gives it the same min/max; it then applies the exact has_any and FileName checks.
 */
async function loadFileRequests(names: Set<string>, range: SentinelCompatRange): Promise<CompatRequest[]> {
  if (names.size === 0) return [];
  const patterns = [...names].flatMap((n) => [`%/${escapeLike(n)}`, escapeLike(n)]);
  const params: unknown[] = [patterns];
  const time = timeConditions(params, range);
  const { rows } = await getPool().query<{
    client_ip: string | null;
    user_agent: string | null;
    site: string | null;
    uri_stem: string | null;
    first: Date;
    last: Date;
  }>(
    `SELECT host(w.client_ip) AS client_ip, w.user_agent, w.site, w.uri_stem,
            date_trunc('milliseconds', min(w.time)) AS first, date_trunc('milliseconds', max(w.time)) AS last
       FROM web_requests w
      WHERE w.uri_stem LIKE ANY ($1::text[])${time}
      GROUP BY 1, 2, 3, 4`,
    params,
  );
  return rows.flatMap((r) => {
    const base = { site: r.site, host: null, clientIp: r.client_ip, userAgent: r.user_agent, uriStem: r.uri_stem };
    return [
      { ...base, time: r.first },
      { ...base, time: r.last },
    ];
  });
}
