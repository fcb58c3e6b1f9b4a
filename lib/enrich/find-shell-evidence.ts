// The SQL behind default-mode enrichment. Every query is parameterised and bounded by host and
// time so that it stays fast at 50M+ requests; the index each relies on is named beside it.
import { getPool } from "../db";
import { ensureEvidence } from "../sentinel/evidence/ensure-evidence";

export interface RequestRow {
  batchId: number;
  line: number;
  time: Date;
  host: string;
  site: string | null;
  method: string | null;
  uriStem: string;
  uriQuery: string | null;
  clientIp: string | null;
  userAgent: string | null;
  status: number | null;
}

const COLUMNS = `batch_id AS "batchId", line, time, host, site, method, uri_stem AS "uriStem", uri_query AS "uriQuery",
  host(client_ip) AS "clientIp", user_agent AS "userAgent", status`;

/** Requests on these hosts in [from, to]. Index: web_requests_host_time_idx. */
export async function findRequestsInWindow(hosts: string[], from: Date, to: Date): Promise<RequestRow[]> {
  await ensureEvidence({ kind: "window", hosts, from, to });
  const { rows } = await getPool().query<RequestRow>(
    `SELECT ${COLUMNS} FROM web_requests WHERE host = ANY($1) AND time >= $2 AND time <= $3 ORDER BY time, batch_id, line`,
    [hosts, from, to],
  );
  return rows;
}

export interface ClientUse {
  ip: string | null;
  userAgent: string | null;
  requests: number;
  first: Date;
  last: Date;
}

/** Rows of one page's history read at most; enough to tell rare from common. */
const HISTORY_SAMPLE = 20_000;
/** A first look at a page's history: most pages show more than a few clients at once. */
const FIRST_LOOK = 200;

/**
 * Who requested this page (host, site, stem) in [from, to], per client, oldest first. A common
 * page is recognised from its first FIRST_LOOK requests (more than `rareThreshold` clients) and
 * not read further; otherwise at most HISTORY_SAMPLE rows are read. Only rare pages' clients
 * become attackers, so their lists are complete. Index: web_requests_host_uri_stem_time_idx.
 */
export async function findPageClients(
  host: string,
  site: string | null,
  stem: string,
  from: Date,
  to: Date,
  rareThreshold = Number.POSITIVE_INFINITY,
): Promise<ClientUse[]> {
  // From a workspace: the same first rows, the rarity decided there (lib/sentinel pageHistory).
  await ensureEvidence({
    kind: "page",
    host,
    site,
    stem,
    from,
    to,
    rareThreshold,
    firstLook: FIRST_LOOK,
    sample: HISTORY_SAMPLE,
  });
  // host = $1, not ANY($1): with an array the index cannot return rows in time order, and the
  // LIMIT would come after sorting every request of the page (seconds on a busy server).
  const where = `host = $1 AND left(uri_stem, 512) = left($3, 512) AND uri_stem = $3
                 AND site IS NOT DISTINCT FROM $2 AND time >= $4 AND time <= $5`;
  const aggregate = (limit: number) =>
    getPool().query<ClientUse>(
      `SELECT host(client_ip) AS ip, user_agent AS "userAgent", count(*)::int AS requests, min(time) AS first, max(time) AS last
         FROM (SELECT client_ip, user_agent, time FROM web_requests WHERE ${where} ORDER BY time LIMIT ${limit}) s
        GROUP BY 1, 2 ORDER BY min(time), 1, 2`,
      [host, site, stem, from, to],
    );
  const first = await aggregate(FIRST_LOOK);
  const ips = new Set(first.rows.map((r) => r.ip));
  if (ips.size > rareThreshold || first.rows.reduce((n, r) => n + r.requests, 0) < FIRST_LOOK) return first.rows;
  return (await aggregate(HISTORY_SAMPLE)).rows;
}

/** Requests to one page (host, site, stem) in [from, to], oldest first. Index: web_requests_host_uri_stem_time_idx. */
export async function findPageRequests(
  host: string,
  site: string | null,
  stem: string,
  from: Date,
  to: Date,
  limit = 200,
): Promise<RequestRow[]> {
  // A threshold below zero: never "rare", so exactly the first `limit` rows (ties included).
  await ensureEvidence({
    kind: "page",
    host,
    site,
    stem,
    from,
    to,
    rareThreshold: -1,
    firstLook: limit,
    sample: limit,
  });
  const { rows } = await getPool().query<RequestRow>(
    `SELECT ${COLUMNS} FROM web_requests
      WHERE host = $1 AND left(uri_stem, 512) = left($3, 512) AND uri_stem = $3
        AND site IS NOT DISTINCT FROM $2 AND time >= $4 AND time <= $5
      ORDER BY time, batch_id, line LIMIT $6`,
    [host, site, stem, from, to, limit],
  );
  return rows;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Requests whose path ends in /<folder>/<fileName> (case-insensitive, as IIS serves files), on
 * these hosts in [from, to], oldest first. Index: web_requests_host_time_idx; callers keep the
 * range short and widen it step by step.
 */
export async function findFileRequests(
  hosts: string[],
  folder: string,
  fileName: string,
  from: Date,
  to: Date,
  limit = 200,
): Promise<RequestRow[]> {
  await ensureEvidence({ kind: "file", hosts, suffix: `/${folder}/${fileName}`, from, to, limit });
  const suffix = `%/${likeEscape(folder)}/${likeEscape(fileName)}`;
  const { rows } = await getPool().query<RequestRow>(
    `SELECT ${COLUMNS} FROM web_requests
      WHERE host = ANY($1) AND time >= $2 AND time <= $3 AND uri_stem ILIKE $4
      ORDER BY time, batch_id, line LIMIT $5`,
    [hosts, from, to, suffix, limit],
  );
  return rows;
}

/**
 * The last POST by one of these clients on these hosts in [from, to] to another page than the
 * shell: the upload that most likely installed it. Index: web_requests_client_ip_time_idx.
 */
export async function findLastPostBefore(
  hosts: string[],
  ips: string[],
  excludeStem: string,
  from: Date,
  to: Date,
): Promise<RequestRow | null> {
  if (!ips.length) return null;
  await ensureEvidence({ kind: "last-post", hosts, ips, excludeStem, from, to });
  const { rows } = await getPool().query<RequestRow>(
    `SELECT ${COLUMNS} FROM web_requests
      WHERE client_ip = ANY($2::inet[]) AND time >= $3 AND time <= $4
        AND host = ANY($1) AND method = 'POST' AND lower(uri_stem) <> lower($5)
      ORDER BY time DESC, batch_id DESC, line DESC LIMIT 1`,
    [hosts, ips, from, to, excludeStem],
  );
  return rows[0] ?? null;
}
