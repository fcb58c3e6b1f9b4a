// The header's search box: one text, four groups of results (cases, alerts, findings, attackers),
// each capped and newest first, each with the text that matched. Every query path is served by
// an index of migration 20261205100000_search (docs/search.md); tests/integration/search.test.ts
// checks with EXPLAIN that none scans a table. The text is always a bind parameter.
import { getPool } from "../db";
import { firstMatch, highlightMatch, type MatchedText } from "./highlight-match";
import { containsPattern, parseSearchQuery, type SearchQuery } from "./parse-search-query";

export interface SearchGroup<T> {
  items: T[];
  /** More matched than the cap shows. */
  more: boolean;
}

export interface CaseHit {
  number: string;
  title: string;
  status: string;
  hostName: string;
  createdAt: Date;
  match: MatchedText;
}
export interface AlertHit {
  id: number;
  displayName: string | null;
  timeGenerated: Date;
  caseNumber: string | null;
  match: MatchedText;
}
export interface FindingHit {
  id: number;
  alertId: number;
  caseNumber: string | null;
  hostName: string;
  shellLocation: string;
  createdAt: Date;
  match: MatchedText;
}
export interface AttackerHit {
  id: number;
  ip: string;
  userAgent: string;
  label: string | null;
  lastSeen: Date | null;
  match: MatchedText;
}

export interface SearchResults {
  query: SearchQuery;
  cases: SearchGroup<CaseHit>;
  alerts: SearchGroup<AlertHit>;
  findings: SearchGroup<FindingHit>;
  attackers: SearchGroup<AttackerHit>;
}

/** Results shown per group. */
export const SEARCH_GROUP_LIMIT = 20;
/** Matches of one kind read per fragment before ordering: bounds the work of a common fragment. */
const CANDIDATES = 500;

const empty = <T>(): SearchGroup<T> => ({ items: [], more: false });

function group<R, T>(rows: R[], limit: number, map: (r: R) => T | null): SearchGroup<T> {
  const items = rows
    .slice(0, limit)
    .map(map)
    .filter((x): x is T => x !== null);
  return { items, more: rows.length > limit };
}

interface CaseRow {
  number: string;
  title: string;
  status: string;
  host_name: string;
  created_at: Date;
  field: string;
  text: string;
}
interface AlertRow {
  id: number;
  display_name: string | null;
  time_generated: Date;
  case_number: string | null;
  command_line: string | null;
  host_name: string | null;
  file_path: string | null;
  ip: string | null;
}
interface FindingRow {
  id: number;
  alert_id: number;
  case_number: string | null;
  host_name: string;
  shell_location: string;
  command_line: string | null;
  search_text: string | null;
  created_at: Date;
  ip: string | null;
}
interface AttackerRow {
  id: number;
  ip: string;
  user_agent: string;
  label: string | null;
  last_seen: Date | null;
}

const CASE_COLUMNS = `c.number, c.title, c.status::text AS status, c.host_name, c.created_at`;
const ALERT_COLUMNS = `a.id, a.display_name, a.time_generated, (SELECT number FROM cases WHERE id = a.case_id) AS case_number`;
const FINDING_COLUMNS = `f.id, f.alert_id, (SELECT number FROM cases WHERE id = f.case_id) AS case_number,
  f.host_name, f.shell_location, f.command_line, f.search_text, f.created_at`;
const ATTACKER_COLUMNS = `ap.id, ap.ip, ap.user_agent, ap.label, ap.last_seen`;

/**
 * The SQL of each group for one query, with its parameters. Exported for the EXPLAIN test, so that
 * it checks the very statements the search runs.
 */
export function searchStatements(
  query: SearchQuery,
  limit = SEARCH_GROUP_LIMIT,
): {
  cases: [string, unknown[]];
  alerts: [string, unknown[]];
  findings: [string, unknown[]];
  attackers: [string, unknown[]];
} | null {
  const take = limit + 1;
  if (query.kind === "ip" || query.kind === "cidr") {
    const net = query.kind === "ip" ? query.address : query.network;
    // attacker_profiles_ip_inet_idx (GiST, inet_ops) finds the addresses; case_attackers_attacker_id_idx
    // their cases; findings_case_id_idx the findings of those cases, kept when their attackers name the IP.
    const hit = `WITH hit AS MATERIALIZED (
        SELECT ap.ip, ca.case_id FROM attacker_profiles ap JOIN case_attackers ca ON ca.attacker_id = ap.id
         WHERE ap.ip_inet <<= $1::inet)`;
    const findings = `${hit}, f AS MATERIALIZED (
        SELECT DISTINCT ON (f.id) f.*, hit.ip FROM hit JOIN findings f ON f.case_id = hit.case_id
         WHERE f.attackers @> jsonb_build_array(jsonb_build_object('ip', hit.ip)) ORDER BY f.id, hit.ip)`;
    return {
      attackers: [
        `SELECT ${ATTACKER_COLUMNS} FROM attacker_profiles ap WHERE ap.ip_inet <<= $1::inet
          ORDER BY ap.last_seen DESC NULLS LAST, ap.id DESC LIMIT $2`,
        [net, take],
      ],
      cases: [
        `${hit} SELECT ${CASE_COLUMNS}, 'IP' AS field, (SELECT min(ip) FROM hit WHERE hit.case_id = c.id) AS text
           FROM cases c WHERE c.id IN (SELECT case_id FROM hit) ORDER BY c.created_at DESC, c.id DESC LIMIT $2`,
        [net, take],
      ],
      findings: [
        `${findings} SELECT ${FINDING_COLUMNS}, f.ip FROM f ORDER BY f.created_at DESC, f.id DESC LIMIT $2`,
        [net, take],
      ],
      alerts: [
        `${findings} SELECT ${ALERT_COLUMNS}, NULL AS command_line, NULL AS host_name, NULL AS file_path, f.ip
           FROM f JOIN alerts a ON a.id = f.alert_id ORDER BY a.time_generated DESC, a.id DESC LIMIT $2`,
        [net, take],
      ],
    };
  }
  if (query.kind === "case-number") {
    const none = `SELECT NULL WHERE false`;
    return {
      // cases_number_key (unique B-tree).
      cases: [
        `SELECT ${CASE_COLUMNS}, 'case number' AS field, c.number AS text FROM cases c WHERE c.number = $1 LIMIT $2`,
        [query.number, take],
      ],
      alerts: [none, []],
      findings: [none, []],
      attackers: [none, []],
    };
  }
  if (query.kind !== "fragment") return null;
  const pattern = containsPattern(query.text);
  const like = (column: string) => `${column} ILIKE $1 ESCAPE '\\'`;
  // Each branch is one trigram GIN index (named in the migration), LIMITed so that a fragment
  // found everywhere reads a bounded number of rows; the newest of those are shown.
  // One branch per column rather than one OR: the planner estimates each ILIKE on its own index
  // well, while an OR of three made it prefer a sequential scan (measured on 100,000 profiles).
  const attackerMatches = `(
      (SELECT id, ip AS text FROM attacker_profiles WHERE ${like("ip")} LIMIT $3)
      UNION ALL (SELECT id, user_agent FROM attacker_profiles WHERE ${like("user_agent")} LIMIT $3)
      UNION ALL (SELECT id, label FROM attacker_profiles WHERE ${like("label")} LIMIT $3))`;
  const caseHits = `WITH hits AS (
      (SELECT c.id AS case_id, 1 AS rank, 'case number' AS field, c.number AS text FROM cases c WHERE ${like("c.number")} LIMIT $3)
      UNION ALL (SELECT c.id, 2, 'title', c.title FROM cases c WHERE ${like("c.title")} LIMIT $3)
      UNION ALL (SELECT c.id, 3, 'host', c.host_name FROM cases c WHERE ${like("c.host_name")} LIMIT $3)
      UNION ALL (SELECT c.id, 4, 'shell', c.shell_location FROM cases c WHERE ${like("c.shell_location")} LIMIT $3)
      UNION ALL (SELECT ca.case_id, 5, 'attacker', m.text FROM ${attackerMatches} m
                   JOIN case_attackers ca ON ca.attacker_id = m.id LIMIT $3)
      UNION ALL (SELECT f.case_id, 6, 'finding', f.search_text FROM findings f
                  WHERE ${like("f.search_text")} AND f.case_id IS NOT NULL LIMIT $3)
      UNION ALL (SELECT a.case_id, 7, 'command line', p.command_line FROM alert_processes p JOIN alerts a ON a.id = p.alert_id
                  WHERE ${like("p.command_line")} AND a.case_id IS NOT NULL LIMIT $3)),
    best AS (SELECT DISTINCT ON (case_id) case_id, field, text FROM hits ORDER BY case_id, rank)
    SELECT ${CASE_COLUMNS}, best.field, best.text FROM best JOIN cases c ON c.id = best.case_id
     ORDER BY c.created_at DESC, c.id DESC LIMIT $2`;
  const alertIds = `WITH ids AS (
      (SELECT alert_id FROM alert_processes WHERE ${like("command_line")} LIMIT $3)
      UNION (SELECT alert_id FROM alert_hosts WHERE ${like("host_name")} LIMIT $3)
      UNION (SELECT alert_id FROM alert_files WHERE ${like("name")} LIMIT $3)
      UNION (SELECT alert_id FROM alert_files WHERE ${like("directory")} LIMIT $3))`;
  return {
    cases: [caseHits, [pattern, take, CANDIDATES]],
    alerts: [
      // The matched values of each alert through the (alert_id, entity_id) unique indexes.
      `${alertIds} SELECT ${ALERT_COLUMNS},
         (SELECT p.command_line FROM alert_processes p WHERE p.alert_id = a.id AND ${like("p.command_line")} LIMIT 1) AS command_line,
         (SELECT h.host_name FROM alert_hosts h WHERE h.alert_id = a.id AND ${like("h.host_name")} LIMIT 1) AS host_name,
         (SELECT coalesce(fl.directory || '\\', '') || coalesce(fl.name, '') FROM alert_files fl
           WHERE fl.alert_id = a.id AND (${like("fl.name")} OR ${like("fl.directory")}) LIMIT 1) AS file_path,
         NULL AS ip
         FROM alerts a WHERE a.id IN (SELECT alert_id FROM ids) ORDER BY a.time_generated DESC, a.id DESC LIMIT $2`,
      [pattern, take, CANDIDATES],
    ],
    findings: [
      `SELECT ${FINDING_COLUMNS}, NULL AS ip FROM (SELECT * FROM findings WHERE ${like("search_text")} LIMIT $3) f
        ORDER BY f.created_at DESC, f.id DESC LIMIT $2`,
      [pattern, take, CANDIDATES],
    ],
    attackers: [
      `SELECT ${ATTACKER_COLUMNS} FROM attacker_profiles ap WHERE ap.id IN (SELECT id FROM ${attackerMatches} m)
        ORDER BY ap.last_seen DESC NULLS LAST, ap.id DESC LIMIT $2`,
      [pattern, take, CANDIDATES],
    ],
  };
}

/** The line of a finding's search_text (one value per line) that holds the match. */
function lineWith(text: string, needle: string): string {
  const lower = needle.toLowerCase();
  return text.split("\n").find((l) => l.toLowerCase().includes(lower)) ?? text;
}

export async function searchEverything(raw: string, limit = SEARCH_GROUP_LIMIT): Promise<SearchResults> {
  const query = parseSearchQuery(raw);
  const statements = searchStatements(query, limit);
  if (!statements) return { query, cases: empty(), alerts: empty(), findings: empty(), attackers: empty() };
  const pool = getPool();
  const run = async <R>([sql, params]: [string, unknown[]]) =>
    params.length ? ((await pool.query(sql, params)).rows as R[]) : [];
  const [cases, alerts, findings, attackers] = await Promise.all([
    run<CaseRow>(statements.cases),
    run<AlertRow>(statements.alerts),
    run<FindingRow>(statements.findings),
    run<AttackerRow>(statements.attackers),
  ]);
  // For an IP or CIDR the whole address is the match; for a fragment, the fragment within a value.
  const needle = query.kind === "fragment" ? query.text : null;
  const mark = (field: string, value: string) => highlightMatch(field, value, needle);

  return {
    query,
    cases: group(cases, limit, (r) => ({
      number: r.number,
      title: r.title,
      status: r.status,
      hostName: r.host_name,
      createdAt: r.created_at,
      match: mark(r.field, needle && r.field === "finding" ? lineWith(r.text, needle) : r.text),
    })),
    alerts: group(alerts, limit, (r) => {
      const match =
        r.ip !== null
          ? mark("attacker IP", r.ip)
          : firstMatch(
              [
                { field: "command line", value: r.command_line },
                { field: "host", value: r.host_name },
                { field: "file", value: r.file_path },
              ],
              needle ?? "",
            );
      return match
        ? {
            id: r.id,
            displayName: r.display_name,
            timeGenerated: r.time_generated,
            caseNumber: r.case_number,
            match,
          }
        : null;
    }),
    findings: group(findings, limit, (r) => {
      const match =
        r.ip !== null
          ? mark("attacker IP", r.ip)
          : firstMatch(
              [
                { field: "host", value: r.host_name },
                { field: "shell", value: r.shell_location },
                { field: "command line", value: r.command_line },
                {
                  field: "attacker or installing request",
                  value: r.search_text && lineWith(r.search_text, needle ?? ""),
                },
              ],
              needle ?? "",
            );
      return match
        ? {
            id: r.id,
            alertId: r.alert_id,
            caseNumber: r.case_number,
            hostName: r.host_name,
            shellLocation: r.shell_location,
            createdAt: r.created_at,
            match,
          }
        : null;
    }),
    attackers: group(attackers, limit, (r) => ({
      id: r.id,
      ip: r.ip,
      userAgent: r.user_agent,
      label: r.label,
      lastSeen: r.last_seen,
      match:
        needle === null
          ? mark("IP", r.ip)
          : (firstMatch(
              [
                { field: "IP", value: r.ip },
                { field: "user agent", value: r.user_agent },
                { field: "label", value: r.label },
              ],
              needle,
            ) ?? mark("IP", r.ip)),
    })),
  };
}
