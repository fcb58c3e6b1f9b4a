// Logs on demand. Before a query of enrichment or a pivot reads web_requests, it names what it is
// about to read (an EvidenceNeed); for every enabled workspace source, this fetches the W3CIISLog
// rows that read could touch and stores them (./store-fetched-requests.ts), unless the coverage
// map says they are already here. The local query then runs unchanged, over a superset of the
// rows it reads: the same answer as if the whole table had been imported (docs/sentinel.md,
// "Parity"). What is counted over long periods is decided in the workspace: a page's rarity
// (page-history brings 200 rows of a common page, never its month of traffic) and the attacker's
// first access (one summarize). With no enabled source this costs one cached lookup.
import { getPrisma } from "../../db";
import { getEnv } from "../../env";
import { logger } from "../../logger";
import type { DataSource } from "../../generated/prisma/client";
import { connect } from "../connect";
import { runQuery, runQueryTable, type WorkspaceHandle } from "../run-query";
import {
  attackerRequests,
  fileRequests,
  firstAccess,
  hostsMatching,
  lastPostBefore,
  pageHistory,
  requestsInWindow,
} from "../kql/templates";
import type { KqlQuery } from "../kql/template";
import { WorkspaceError, describeWorkspaceError, toWorkspaceError } from "../workspace-error";
import { ALL, coveredAll, gaps, hasScope, recordCoverage, type Interval } from "./coverage";
import { fetchedRequestsOf, toFetchedRequest, type FetchedRequest } from "./fetched-request";
import { storeFetchedRequests } from "./store-fetched-requests";
import { createHash } from "node:crypto";

export type EvidenceNeed =
  /** Every request on these hosts in [from, to]. */
  | { kind: "window"; hosts: string[]; from: Date; to: Date }
  /** findPageClients / findPageRequests: a page's first rows in [from, to] (see pageHistory). */
  | {
      kind: "page";
      host: string;
      site: string | null;
      stem: string;
      from: Date;
      to: Date;
      rareThreshold: number;
      firstLook: number;
      sample: number;
    }
  /** A file alert's script by name under its folder. */
  | { kind: "file"; hosts: string[]; suffix: string; from: Date; to: Date; limit: number }
  /** The last POST by these IPs to another page. */
  | { kind: "last-post"; hosts: string[]; ips: string[]; excludeStem: string; from: Date; to: Date }
  /** An attacker's requests on every host, first `limit` by time (pivots). */
  | { kind: "attacker"; ip?: string; userAgent?: string; from: Date; to: Date; limit: number }
  /** The attacker's first access to (host, site), counted in the workspace. */
  | { kind: "first-access"; host: string; site: string | null; ip?: string; userAgent?: string; from: Date; to: Date };

interface Source {
  row: Pick<DataSource, "id" | "name" | "updatedAt">;
  ws: WorkspaceHandle;
}

const SOURCES_TTL_MS = 5_000;
let sourcesCache: { at: number; sources: Source[] } | null = null;
const handles = new Map<string, WorkspaceHandle>();

/** Enabled sources, re-read at most every 5 s; their clients kept while the source is unchanged. */
async function evidenceSources(): Promise<Source[]> {
  if (sourcesCache && Date.now() - sourcesCache.at < SOURCES_TTL_MS) return sourcesCache.sources;
  const rows = await getPrisma().dataSource.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  const sources: Source[] = [];
  for (const row of rows) {
    const key = `${row.id}@${row.updatedAt.getTime()}`;
    let ws = handles.get(key);
    if (!ws) {
      try {
        ws = connect(row);
      } catch (err) {
        // A source that cannot even build its client (no secret, a key that does not open it) is
        // a configuration to fix, not a reason to fail every enrichment: it is left out, and the
        // sources page shows why.
        logger.warn("data source left out of evidence fetches", {
          sourceId: row.id,
          error: err instanceof Error ? err.message : String(err),
        });
        await noteSourceError(row.id, err);
        continue;
      }
      handles.set(key, ws);
    }
    sources.push({ row, ws });
  }
  sourcesCache = { at: Date.now(), sources };
  return sources;
}

/** Forget cached sources (after a source changes in this process, and in tests). */
export function forgetEvidenceSources(): void {
  sourcesCache = null;
  handles.clear();
  hostNames.clear();
}

const HOST_TTL_MS = 10 * 60_000;
const DAY = 86_400_000;
const hostNames = new Map<string, { at: number; names: string[] }>();

/**
 * The IIS host names (sComputerName) in the workspaces that denote an alert's host (`keys`: see
 * lib/enrich/resolve-web-hosts.ts hostKeys), seen within a month either side of `around`.
 */
export async function workspaceHostNames(keys: string[], around: Date): Promise<string[]> {
  if (!keys.length) return [];
  const sources = await evidenceSources();
  const names = new Set<string>();
  for (const s of sources) {
    const day = Math.floor(around.getTime() / DAY);
    const cacheKey = `${s.row.id}|${day}|${[...keys].sort().join(",")}`;
    const hit = hostNames.get(cacheKey);
    if (hit && Date.now() - hit.at < HOST_TTL_MS) {
      hit.names.forEach((n) => names.add(n));
      continue;
    }
    const from = new Date((day - 31) * DAY);
    const to = new Date((day + 32) * DAY);
    try {
      const res = await runQuery(s.ws, hostsMatching.build({ keys, fromTime: from, toTime: to }), {
        startTime: from,
        endTime: to,
      });
      const found = [...new Set(res.rows.map((r) => String(r.sComputerName ?? "")).filter(Boolean))];
      hostNames.set(cacheKey, { at: Date.now(), names: found });
      found.forEach((n) => names.add(n));
    } catch (err) {
      await noteSourceError(s.row.id, err);
      throw toWorkspaceError(err);
    }
  }
  return [...names];
}

/** Fetches and stores what `need` will read, from every enabled source. */
export async function ensureEvidence(need: EvidenceNeed): Promise<void> {
  const sources = await evidenceSources();
  for (const s of sources) {
    try {
      await ensureFromSource(s, need);
    } catch (err) {
      await noteSourceError(s.row.id, err);
      throw toWorkspaceError(err);
    }
  }
}

async function noteSourceError(sourceId: number, err: unknown): Promise<void> {
  const message = describeWorkspaceError(toWorkspaceError(err));
  await getPrisma()
    .dataSource.update({ where: { id: sourceId }, data: { lastError: message, lastErrorAt: new Date() } })
    .catch(() => undefined);
}

const scopeKey = (kind: string, parts: unknown): string =>
  `${kind}:${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32)}`;

async function allCovered(sourceId: number, hosts: string[], from: number, to: number): Promise<boolean> {
  for (const h of hosts) if (gaps(from, to, await coveredAll(sourceId, h, from, to)).length) return false;
  return hosts.length > 0;
}

async function ensureFromSource(s: Source, need: EvidenceNeed): Promise<void> {
  const from = need.from.getTime();
  const to = need.to.getTime();
  if (to < from) return;
  switch (need.kind) {
    case "window": {
      for (const host of need.hosts) {
        for (const gap of gaps(from, to, await coveredAll(s.row.id, host, from, to))) await fetchWindow(s, host, gap);
      }
      return;
    }
    case "page": {
      if (await allCovered(s.row.id, [need.host], from, to)) return;
      const q = pageHistory.build({
        host: need.host,
        site: need.site ?? "",
        stem: need.stem,
        fromTime: need.from,
        toTime: need.to,
        // "Never rare" when the caller has no threshold: only the first `firstLook` rows matter.
        rareThreshold: Number.isFinite(need.rareThreshold) ? need.rareThreshold : 2 ** 31,
        firstLook: need.firstLook,
        sample: need.sample,
      });
      const { site, stem, rareThreshold, firstLook, sample } = need;
      return fetchScoped(s, need.host, scopeKey("page", { site, stem, rareThreshold, firstLook, sample }), from, to, q);
    }
    case "file": {
      if (await allCovered(s.row.id, need.hosts, from, to)) return;
      const q = fileRequests.build({
        hosts: need.hosts,
        suffix: need.suffix,
        fromTime: need.from,
        toTime: need.to,
        maxRows: need.limit,
      });
      return fetchScoped(s, need.hosts.join(","), scopeKey("file", [need.suffix, need.limit]), from, to, q);
    }
    case "last-post": {
      if (!need.ips.length || (await allCovered(s.row.id, need.hosts, from, to))) return;
      const q = lastPostBefore.build({
        hosts: need.hosts,
        ips: need.ips,
        excludeStem: need.excludeStem,
        fromTime: need.from,
        toTime: need.to,
      });
      const key = scopeKey("last-post", [[...need.ips].sort(), need.excludeStem.toLowerCase()]);
      return fetchScoped(s, need.hosts.join(","), key, from, to, q);
    }
    case "attacker": {
      const q = attackerRequests.build({
        host: "",
        site: "",
        ip: need.ip ?? "",
        userAgent: need.userAgent ?? "",
        scriptsOnly: false,
        fromTime: need.from,
        toTime: need.to,
        maxRows: need.limit,
      });
      const key = scopeKey("attacker", [need.ip ?? "", need.userAgent ?? "", need.limit]);
      return fetchScoped(s, "*", key, from, to, q, need.limit);
    }
    case "first-access": {
      if (await allCovered(s.row.id, [need.host], from, to)) return;
      const q = firstAccess.build({
        host: need.host,
        site: need.site ?? "",
        ip: need.ip ?? "",
        userAgent: need.userAgent ?? "",
        fromTime: need.from,
        toTime: need.to,
      });
      const key = scopeKey("first-access", [need.site ?? "", need.ip ?? "", need.userAgent ?? ""]);
      return fetchScoped(s, need.host, key, from, to, q);
    }
  }
}

const timespanOf = (from: number, to: number) => ({ startTime: new Date(from), endTime: new Date(to + 1) });

function rowsOf(rows: Record<string, unknown>[]): FetchedRequest[] {
  return rows.map(toFetchedRequest).filter((r): r is FetchedRequest => r !== null);
}

function label(s: Source, what: string, host: string, from: number, to: number): string {
  return `workspace ${s.row.name}: ${what} ${host} ${new Date(from).toISOString()} … ${new Date(to).toISOString()}`;
}

/** A filtered fetch: one query, its rows stored, its coverage recorded (incomplete on PartialError). */
async function fetchScoped(
  s: Source,
  host: string,
  scope: string,
  from: number,
  to: number,
  q: KqlQuery,
  cap?: number,
): Promise<void> {
  if (await hasScope(s.row.id, host, scope, from, to)) return;
  const res = await runQuery(s.ws, q, timespanOf(from, to));
  const stored = await storeFetchedRequests(s.row.id, label(s, q.template, host, from, to), rowsOf(res.rows));
  const capped = cap !== undefined && res.rows.length >= cap;
  await recordCoverage({
    sourceId: s.row.id,
    host,
    scope,
    from,
    to,
    complete: res.partial === null && !capped,
    rows: stored.fetched,
    error: res.partial
      ? `${res.partial.code}: ${res.partial.message}`
      : capped
        ? `capped at the first ${cap} requests: later ones were not fetched`
        : null,
  });
  if (res.partial)
    logger.warn("workspace answered in part", { sourceId: s.row.id, template: q.template, ...res.partial });
}

// The span that last fitted under the row limit, per source and host: the next window of a busy
// host starts split instead of learning again.
const fittingSpan = new Map<string, number>();
const MIN_SPAN_MS = 1000;

/** Every request of `host` in the gap, split by halving until each piece is under the row limit. */
async function fetchWindow(s: Source, host: string, gap: Interval): Promise<void> {
  const key = `${s.row.id}|${host}`;
  const span = fittingSpan.get(key);
  const pieces: Interval[] = [];
  if (span && gap.to - gap.from + 1 > span) {
    for (let a = gap.from; a <= gap.to; a += span) pieces.push({ from: a, to: Math.min(gap.to, a + span - 1) });
  } else pieces.push(gap);
  for (const p of pieces) await fetchPiece(s, host, p, key);
}

function isTooLarge(err: unknown): boolean {
  const e = toWorkspaceError(err);
  return e.kind === "too_large" || e.kind === "timeout";
}

/**
 * A PartialError's reason (row or size limit, or something else) does not reach the client: the
 * service puts it in details[].innererror, which @azure/monitor-query-logs 1.0.0 drops. So a
 * partial answer is split like an answer over the limit, at most this many times deep; what is
 * still partial then is stored and its coverage marked incomplete.
 */
const PARTIAL_SPLITS = 5;

/**
 * Every request of `host` in `p`, by keyset paging over time: a page of SENTINEL_PAGE_ROWS rows,
 * oldest first; when it is full, its rows before its last second are stored and the next page
 * starts at that second (only that second's rows are read twice, and stored once). A second
 * holding a whole page on its own is stored as far as it came and marked incomplete. Errors and
 * partial answers (too large, timed out) halve the rest of the range instead.
 */
async function fetchPiece(s: Source, host: string, p: Interval, key: string, partialDepth = 0): Promise<void> {
  const limit = getEnv().SENTINEL_PAGE_ROWS;
  for (let from = p.from; from <= p.to;) {
    const rest = { from, to: p.to };
    const q = requestsInWindow.build({
      hosts: [host],
      fromTime: new Date(from),
      toTime: new Date(p.to),
      maxRows: limit,
    });
    let res;
    try {
      res = await runQueryTable(s.ws, q, timespanOf(from, p.to));
    } catch (err) {
      if (!isTooLarge(err) || p.to - from < MIN_SPAN_MS) throw err;
      return halve(s, host, rest, key, partialDepth);
    }
    if (res.partial !== null) {
      const tooLarge = /TOO_LARGE|limit|exceed/i.test(JSON.stringify(res.partial));
      if (p.to - from >= MIN_SPAN_MS && (tooLarge || partialDepth < PARTIAL_SPLITS))
        return halve(s, host, rest, key, tooLarge ? partialDepth : partialDepth + 1);
      return storeRange(
        s,
        host,
        rest,
        fetchedRequestsOf(res.columns, res.rows),
        `${res.partial.code}: ${res.partial.message}`,
      );
    }
    const full = res.rows.length >= limit;
    const rows = fetchedRequestsOf(res.columns, res.rows);
    res = null; // the client's rows are not needed past this point
    if (!full) return storeRange(s, host, rest, rows, null);
    let last = from;
    for (const r of rows) if (r.record.time > last) last = r.record.time;
    if (last === from) {
      // One instant with a page of requests or more: what came is kept, the instant marked.
      await storeRange(
        s,
        host,
        { from, to: from },
        rows,
        `more than ${limit} requests at one instant; the rest was not fetched`,
      );
      from += 1;
      continue;
    }
    await storeRange(
      s,
      host,
      { from, to: last - 1 },
      rows.filter((r) => r.record.time < last),
      null,
    );
    from = last;
  }
}

/** Stores a range's requests and records its coverage (incomplete when `error` says why). */
async function storeRange(s: Source, host: string, p: Interval, rows: FetchedRequest[], error: string | null) {
  const stored = await storeFetchedRequests(s.row.id, label(s, "requests", host, p.from, p.to), rows);
  await recordCoverage({
    sourceId: s.row.id,
    host,
    scope: ALL,
    from: p.from,
    to: p.to,
    complete: error === null,
    rows: stored.fetched,
    error,
  });
}

async function halve(s: Source, host: string, p: Interval, key: string, partialDepth = 0): Promise<void> {
  const mid = p.from + Math.floor((p.to - p.from) / 2);
  const span = mid - p.from + 1;
  fittingSpan.set(key, Math.min(fittingSpan.get(key) ?? Number.POSITIVE_INFINITY, span));
  await fetchPiece(s, host, { from: p.from, to: mid }, key, partialDepth);
  await fetchPiece(s, host, { from: mid + 1, to: p.to }, key, partialDepth);
}

export { WorkspaceError };

export interface HostSyncResult {
  source: string;
  host: string;
  from: string;
  to: string;
  /** Ranges fetched now (already covered ones are skipped), rows read and ranges left incomplete. */
  ranges: number;
  rows: number;
  incomplete: number;
}

/**
 * Full sync of one host for teams that want everything local: every request of `host` in
 * [from, to] from one source, in pieces under the row limit, skipping what is already covered.
 */
export async function syncHostRange(sourceId: number, host: string, from: Date, to: Date): Promise<HostSyncResult> {
  const row = await getPrisma().dataSource.findUnique({ where: { id: sourceId } });
  if (!row) throw new WorkspaceError("not_found", `data source ${sourceId} does not exist`);
  const s: Source = { row, ws: connect(row) };
  const started = new Date();
  try {
    for (const gap of gaps(from.getTime(), to.getTime(), await coveredAll(row.id, host, from.getTime(), to.getTime())))
      await fetchWindow(s, host, gap);
  } catch (err) {
    await noteSourceError(row.id, err);
    throw toWorkspaceError(err);
  }
  const made = await getPrisma().sourceCoverage.findMany({
    where: { sourceId, host, scope: ALL, fetchedAt: { gte: started } },
    select: { rows: true, complete: true },
  });
  return {
    source: row.name,
    host,
    from: from.toISOString(),
    to: to.toISOString(),
    ranges: made.length,
    rows: made.reduce((n, c) => n + c.rows, 0),
    incomplete: made.filter((c) => !c.complete).length,
  };
}

/** What was fetched since `since`, per coverage range (the CLI's fetch-logs report). */
export async function fetchedSince(since: Date) {
  const rows = await getPrisma().sourceCoverage.findMany({
    where: { fetchedAt: { gte: since } },
    orderBy: { id: "asc" },
    include: { source: { select: { name: true } } },
  });
  return rows.map((c) => ({
    source: c.source.name,
    host: c.host,
    scope: c.scope,
    from: c.fromTime.toISOString(),
    to: c.toTime.toISOString(),
    rows: c.rows,
    complete: c.complete,
    error: c.error,
  }));
}
