// `sentinel-compat` mode: an exact port of the Sentinel hunting queries "Web shell command alert
// enrichment" and "Web shell file alert enrichment" (domain.md; the KQL is in the shared seeds),
// defects included, so analysts can check that we return what their queries return. Pure: the
// caller loads the alerts and requests (lib/enrich/load-compat-input.ts does it from the database).
// docs/enrichment-compat.md walks through every step and defect with examples.
//
// KQL values are modelled as follows: SecurityAlert.Entities is dynamic, so a missing property is
// null and `tostring(null)` is ""; W3CIISLog's columns are strings, which cannot be null in KQL, so
// a null column of ours is "". Joins and group-bys compare strings exactly ("" equals "").
import { hasAnyTerm, lastSegments, SCRIPT_EXTENSIONS } from "./kql-has";

/** One SecurityAlert row. `entities` is the parsed Entities array as received ($id/$ref kept). */
export interface CompatAlert {
  systemAlertId: string;
  providerName: string | null;
  timeGenerated: Date;
  entities: unknown[];
}

/** One W3CIISLog row: TimeGenerated, sSiteName, sComputerName, cIP, csUserAgent, csUriStem. */
export interface CompatRequest {
  time: Date;
  site: string | null;
  host: string | null;
  clientIp: string | null;
  userAgent: string | null;
  uriStem: string | null;
}

/** A row of "Web shell command alert enrichment", columns named and ordered as the query's. */
export interface CommandCompatRow {
  /** make_set(sSiteName) */
  Site: string[];
  /** csUriStem */
  ShellLocation: string;
  /** split(csUriStem, "/")[-1] */
  ShellName: string;
  /** The Name of the file entity the process's ImageFile points at: the child image (e.g. cmd.exe), despite the name. */
  ParentProcess: string;
  CommandLine: string;
  /** make_bag(pack(cIP, csUserAgent)): one key, the IP, with one of its user agents. */
  Attacker: Record<string, string>;
  HostName: string;
  /** cIP */
  IPCustomEntity: string;
  /** ISO-8601 UTC: the (single) time of the matching request. */
  timestamp: string;
  /** From the baseline join: equals ShellLocation. */
  PageAccessed: string;
  /** Distinct client IPs that requested the page over all stored requests (<= 3). */
  dcount_SourceIP: number;
}

/** The command query's rows before the final join with the baseline. */
export type CommandCompatCandidate = Omit<CommandCompatRow, "PageAccessed" | "dcount_SourceIP">;

/** A row of "Web shell file alert enrichment", columns named and ordered as the query's. */
export interface FileCompatRow {
  StartTime: string;
  EndTime: string;
  AttackerIP: string;
  AttackerUserAgent: string;
  SiteName: string;
  ShellLocation: string;
  /** = StartTime */
  timestamp: string;
  /** = AttackerIP */
  IPCustomEntity: string;
}

/** `lookupBin = lookupWindow / 2.0`: TimeKeys are multiples of 30 s since the epoch. */
export const TIME_BIN_MS = 30_000;
/** `lookupWindow = 1m`: a request gets the keys from bin(t − 1m) to bin(t). */
export const LOOKUP_WINDOW_MS = 60_000;
/**
 * A request at t carries key K exactly when K <= t < K + 90 s: its keys are bin(t) − 60 s,
 * bin(t) − 30 s and bin(t), and bin(t) <= t < bin(t) + 30 s.
 */
export const KEY_REACH_MS = LOOKUP_WINDOW_MS + TIME_BIN_MS;
/** `distinctIpThreshold = 3`: the baseline keeps pages requested by at most this many client IPs. */
export const DISTINCT_IP_THRESHOLD = 3;

// ---------------------------------------------------------------------------------------------
// KQL scalar helpers

/** A property of a dynamic value (`alertData.Name`): null unless the value is an object that has it. */
function prop(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** KQL `tostring()` of a dynamic value: null → "", strings as they are, anything else as JSON text. */
export function kqlToString(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

// `=~`: case-insensitive equality. The right-hand sides here are ASCII, so folding ASCII letters
// is enough (KQL also folds a few exotic characters such as "ı" and "ſ"; we do not).
function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}
function eqIgnoreCase(value: unknown, literal: string): boolean {
  return foldAscii(kqlToString(value)) === foldAscii(literal);
}

/** KQL `bin(t, 30s)`: floor to a multiple of 30 s since the epoch (epoch ms). */
export function bin30s(ms: number): number {
  return Math.floor(ms / TIME_BIN_MS) * TIME_BIN_MS;
}

const str = (s: string | null) => s ?? "";
const iso = (ms: number) => new Date(ms).toISOString();
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Composite keys for Maps: JSON of the parts cannot collide whatever characters they contain.
const keyOf = (...parts: (string | number)[]) => JSON.stringify(parts);

function isMdatp(alert: CompatAlert): boolean {
  return eqIgnoreCase(alert.providerName, "MDATP");
}

// ---------------------------------------------------------------------------------------------
// "Web shell command alert enrichment"

/** A row of the query's `commandKeyedData`: a file⋈command pair, with a host of the file's alert. */
export interface CommandKeyedRow {
  /** The left (file) side's alert, and its TimeGenerated. */
  systemAlertId: string;
  timeGenerated: Date;
  /** bin(TimeGenerated, 30s), epoch ms. */
  timeKey: number;
  /** tostring(file.Name) */
  imageName: string;
  /** The right (process) side's CommandLine: possibly from another alert. */
  commandLine: string;
  hostName: string;
  dnsDomain: string;
}

interface EntityRow {
  alert: CompatAlert;
  entity: unknown;
}

/**
 * Steps 1–4: the shell alerts, their files, commands and hosts, joined as the query joins them.
 * Exported for the loader, which fetches only the requests these (HostName, TimeKey)s can meet.
 */
export function commandKeyedData(alerts: readonly CompatAlert[]): CommandKeyedRow[] {
  // shellAlerts: `distinct SystemAlertId | join kind=inner (alerts) on SystemAlertId` — every
  // alert row (of any provider) whose id is that of an MDATP alert with a w3wp.exe file entity.
  const shellIds = new Set<string>();
  for (const a of alerts) {
    if (!isMdatp(a)) continue;
    const w3wp = a.entities.some(
      (e) => eqIgnoreCase(prop(e, "Type"), "file") && eqIgnoreCase(prop(e, "Name"), "w3wp.exe"),
    );
    if (w3wp) shellIds.add(a.systemAlertId);
  }
  // alldata: `mvexpand alertData` — top-level entities only; nested inline entities stay nested.
  const alldata: EntityRow[] = alerts
    .filter((a) => shellIds.has(a.systemAlertId))
    .flatMap((alert) => alert.entities.map((entity) => ({ alert, entity })));

  // filedata: `ImageName != "w3wp.exe"` is case-SENSITIVE, so "W3WP.EXE" is a file here. A
  // missing Name is null, and null != "w3wp.exe" is true in KQL: such a file stays, named "".
  const filesByKey = new Map<string, { alert: CompatAlert; imageName: string }[]>();
  for (const { alert, entity } of alldata) {
    if (!eqIgnoreCase(prop(entity, "Type"), "file")) continue;
    const imageName = kqlToString(prop(entity, "Name"));
    if (imageName === "w3wp.exe") continue;
    const key = kqlToString(prop(entity, "$id"));
    const list = filesByKey.get(key) ?? [];
    list.push({ alert, imageName });
    filesByKey.set(key, list);
  }

  // commanddata, keyed by tostring(ImageFile.$ref): an inline ImageFile (no $ref) gives "".
  const commands: { key: string; commandLine: string }[] = [];
  for (const { entity } of alldata) {
    if (!eqIgnoreCase(prop(entity, "Type"), "process")) continue;
    const commandLine = kqlToString(prop(entity, "CommandLine"));
    if (commandLine === "") continue;
    commands.push({ key: kqlToString(prop(prop(entity, "ImageFile"), "$ref")), commandLine });
  }

  // hostdata: distinct (HostName, DnsDomain, SystemAlertId).
  const hostsByAlert = new Map<string, { hostName: string; dnsDomain: string }[]>();
  const seenHosts = new Set<string>();
  for (const { alert, entity } of alldata) {
    if (!eqIgnoreCase(prop(entity, "Type"), "host")) continue;
    const hostName = kqlToString(prop(entity, "HostName"));
    const dnsDomain = kqlToString(prop(entity, "DnsDomain"));
    const k = keyOf(hostName, dnsDomain, alert.systemAlertId);
    if (seenHosts.has(k)) continue;
    seenHosts.add(k);
    const list = hostsByAlert.get(alert.systemAlertId) ?? [];
    list.push({ hostName, dnsDomain });
    hostsByAlert.set(alert.systemAlertId, list);
  }

  // filedata ⋈ commanddata on imagefileref ALONE (ids restart in every alert, so a file of alert A
  // meets a process of alert B), keeping the left side's SystemAlertId and TimeGenerated; then
  // ⋈ hostdata on that SystemAlertId.
  const rows: CommandKeyedRow[] = [];
  for (const c of commands) {
    for (const f of filesByKey.get(c.key) ?? []) {
      for (const h of hostsByAlert.get(f.alert.systemAlertId) ?? []) {
        rows.push({
          systemAlertId: f.alert.systemAlertId,
          timeGenerated: f.alert.timeGenerated,
          timeKey: bin30s(f.alert.timeGenerated.getTime()),
          imageName: f.imageName,
          commandLine: c.commandLine,
          hostName: h.hostName,
          dnsDomain: h.dnsDomain,
        });
      }
    }
  }
  return rows;
}

/**
 * Steps 5–9 without the baseline: every output row of the query before its last
 * `join kind=inner (baseline)`. Rows are sorted (see {@link commandAlertEnrichment}).
 */
export function commandAlertCandidates(
  alerts: readonly CompatAlert[],
  requests: Iterable<CompatRequest>,
): CommandCompatCandidate[] {
  // Only (TimeKey, HostName) pairs present on the alert side can join; the rest of the IIS side
  // is never looked at, which keeps the grouping small. Duplicate keyed rows would only repeat
  // rows that the final summarize folds into one, so they are dropped here.
  const keyed = new Map<string, CommandKeyedRow[]>();
  const seenKeyed = new Set<string>();
  for (const r of commandKeyedData(alerts)) {
    const dedup = keyOf(r.timeKey, r.hostName, r.imageName, r.commandLine);
    if (seenKeyed.has(dedup)) continue;
    seenKeyed.add(dedup);
    const k = keyOf(r.timeKey, r.hostName);
    const list = keyed.get(k) ?? [];
    list.push(r);
    keyed.set(k, list);
  }
  if (keyed.size === 0) return [];

  // IIS side: script requests, each expanded to TimeKeys bin(t − 1m, 30s) .. bin(t, 30s) step
  // 30s, grouped by (site, host, ip, ua, stem, FileName, firstDir, TimeKey) with min/max time.
  // FileName and firstDir are functions of the stem, so they need no place in the group key.
  interface Group {
    site: string;
    host: string;
    ip: string;
    ua: string;
    stem: string;
    timeKey: number;
    start: number;
    end: number;
  }
  const groups = new Map<string, Group>();
  for (const r of requests) {
    const stem = str(r.uriStem);
    if (!hasAnyTerm(stem, SCRIPT_EXTENSIONS)) continue;
    const t = r.time.getTime();
    const host = str(r.host);
    for (let timeKey = bin30s(t - LOOKUP_WINDOW_MS); timeKey <= bin30s(t); timeKey += TIME_BIN_MS) {
      if (!keyed.has(keyOf(timeKey, host))) continue;
      const site = str(r.site);
      const ip = str(r.clientIp);
      const ua = str(r.userAgent);
      const k = keyOf(site, host, ip, ua, stem, timeKey);
      const g = groups.get(k);
      if (g) {
        g.start = Math.min(g.start, t);
        g.end = Math.max(g.end, t);
      } else {
        groups.set(k, { site, host, ip, ua, stem, timeKey, start: t, end: t });
      }
    }
  }

  // Join on TimeKey and HostName == sComputerName (case-sensitive); keep
  // `(StartTime - EndTime) between (0min .. 1m)` — StartTime <= EndTime, so only groups whose
  // requests all share one time survive; then summarize by (stem, FileName, ImageName,
  // CommandLine, HostName, IP, timestamp): make_set(site), make_bag({ip: ua}).
  interface Out {
    row: Omit<CommandCompatCandidate, "Site" | "Attacker">;
    sites: Set<string>;
    ua: string;
  }
  const out = new Map<string, Out>();
  for (const g of groups.values()) {
    const d = g.start - g.end;
    if (!(d >= 0 && d <= LOOKUP_WINDOW_MS)) continue;
    for (const c of keyed.get(keyOf(g.timeKey, g.host)) ?? []) {
      const k = keyOf(g.stem, c.imageName, c.commandLine, c.hostName, g.ip, g.start);
      const o = out.get(k);
      if (o) {
        o.sites.add(g.site);
        // make_bag keeps an arbitrary value for a repeated key; all these requests share one
        // time, so "first in (time, user agent) order" is the smallest user agent.
        if (g.ua < o.ua) o.ua = g.ua;
        continue;
      }
      out.set(k, {
        row: {
          ShellLocation: g.stem,
          ShellName: lastSegments(g.stem).fileName,
          ParentProcess: c.imageName,
          CommandLine: c.commandLine,
          HostName: c.hostName,
          IPCustomEntity: g.ip,
          timestamp: iso(g.start),
        },
        sites: new Set([g.site]),
        ua: g.ua,
      });
    }
  }

  const rows: CommandCompatCandidate[] = [...out.values()].map((o) => ({
    // make_set's order is unspecified in KQL; sorted here.
    Site: [...o.sites].sort(compare),
    ShellLocation: o.row.ShellLocation,
    ShellName: o.row.ShellName,
    ParentProcess: o.row.ParentProcess,
    CommandLine: o.row.CommandLine,
    // fromEntries defines an own property even for a key like "__proto__".
    Attacker: Object.fromEntries([[o.row.IPCustomEntity, o.ua]]) as Record<string, string>,
    HostName: o.row.HostName,
    IPCustomEntity: o.row.IPCustomEntity,
    timestamp: o.row.timestamp,
  }));
  return rows.sort(
    (a, b) =>
      compare(a.timestamp, b.timestamp) ||
      compare(a.HostName, b.HostName) ||
      compare(a.ShellLocation, b.ShellLocation) ||
      compare(a.CommandLine, b.CommandLine) ||
      compare(a.IPCustomEntity, b.IPCustomEntity) ||
      compare(a.ParentProcess, b.ParentProcess),
  );
}

/**
 * The final `join kind=inner (baseline) on $left.ShellLocation == $right.PageAccessed`, where
 * the baseline is `summarize dcount(cIP) by csUriStem | where dcount_SourceIP <= 3` over ALL
 * requests (every host and site). `baselineDcount(stem)` gives that distinct count.
 */
export function applyBaseline(
  candidates: readonly CommandCompatCandidate[],
  baselineDcount: (stem: string) => number,
): CommandCompatRow[] {
  const rows: CommandCompatRow[] = [];
  for (const c of candidates) {
    const n = baselineDcount(c.ShellLocation);
    if (n <= DISTINCT_IP_THRESHOLD) rows.push({ ...c, PageAccessed: c.ShellLocation, dcount_SourceIP: n });
  }
  return rows;
}

/**
 * "Web shell command alert enrichment" over the given alerts and requests. `baselineDcount(stem)`
 * must count the distinct client IPs of that page over every stored request, as the query's
 * baseline does ({@link baselineDcountFromRequests} computes it from an array).
 *
 * KQL leaves the row order unspecified; ours is by timestamp, HostName, ShellLocation,
 * CommandLine, IPCustomEntity, ParentProcess (ordinal string order).
 */
export function commandAlertEnrichment(
  alerts: readonly CompatAlert[],
  requests: Iterable<CompatRequest>,
  baselineDcount: (stem: string) => number,
): CommandCompatRow[] {
  return applyBaseline(commandAlertCandidates(alerts, requests), baselineDcount);
}

/**
 * The baseline's `dcount(cIP) by csUriStem` over the given requests. An empty client IP is a
 * value like any other (KQL strings cannot be null, so dcount does not skip it). KQL's dcount is
 * an estimate; at these sizes it is exact, and so is ours.
 */
export function baselineDcountFromRequests(requests: Iterable<CompatRequest>): (stem: string) => number {
  const ipsByStem = new Map<string, Set<string>>();
  for (const r of requests) {
    const stem = str(r.uriStem);
    const set = ipsByStem.get(stem) ?? new Set<string>();
    set.add(str(r.clientIp));
    ipsByStem.set(stem, set);
  }
  return (stem) => ipsByStem.get(stem)?.size ?? 0;
}

// ---------------------------------------------------------------------------------------------
// "Web shell file alert enrichment"

/**
 * The file names the query's left side yields: `tostring(Name)` of every `file` entity of an
 * MDATP alert whose Name has a script extension. The join is innerunique, so this set is all
 * the left side contributes. Exported for the loader.
 */
export function fileAlertNames(alerts: readonly CompatAlert[]): Set<string> {
  const names = new Set<string>();
  for (const a of alerts) {
    if (!isMdatp(a)) continue;
    for (const e of a.entities) {
      if (!eqIgnoreCase(prop(e, "Type"), "file")) continue;
      const name = kqlToString(prop(e, "Name"));
      if (hasAnyTerm(name, SCRIPT_EXTENSIONS)) names.add(name);
    }
  }
  return names;
}

/**
 * "Web shell file alert enrichment": IIS groups (cIP, csUserAgent, sSiteName, csUriStem) of
 * script requests whose last path segment equals (case-sensitively) the Name of a script file
 * entity of any MDATP alert. No host and no time condition. The join is KQL's default
 * `innerunique`: the alert side is deduplicated by FileName first, so each IIS group appears once
 * however many alerts name the file.
 *
 * Rows are sorted by StartTime, ShellLocation, AttackerIP, AttackerUserAgent, SiteName (KQL's
 * order is unspecified).
 */
export function fileAlertEnrichment(
  alerts: readonly CompatAlert[],
  requests: Iterable<CompatRequest>,
): FileCompatRow[] {
  const names = fileAlertNames(alerts);
  if (names.size === 0) return [];
  const groups = new Map<string, { ip: string; ua: string; site: string; stem: string; start: number; end: number }>();
  for (const r of requests) {
    const stem = str(r.uriStem);
    if (!hasAnyTerm(stem, SCRIPT_EXTENSIONS)) continue;
    if (!names.has(lastSegments(stem).fileName)) continue;
    const t = r.time.getTime();
    const ip = str(r.clientIp);
    const ua = str(r.userAgent);
    const site = str(r.site);
    const k = keyOf(ip, ua, site, stem);
    const g = groups.get(k);
    if (g) {
      g.start = Math.min(g.start, t);
      g.end = Math.max(g.end, t);
    } else {
      groups.set(k, { ip, ua, site, stem, start: t, end: t });
    }
  }
  const rows: FileCompatRow[] = [...groups.values()].map((g) => ({
    StartTime: iso(g.start),
    EndTime: iso(g.end),
    AttackerIP: g.ip,
    AttackerUserAgent: g.ua,
    SiteName: g.site,
    ShellLocation: g.stem,
    timestamp: iso(g.start),
    IPCustomEntity: g.ip,
  }));
  return rows.sort(
    (a, b) =>
      compare(a.StartTime, b.StartTime) ||
      compare(a.ShellLocation, b.ShellLocation) ||
      compare(a.AttackerIP, b.AttackerIP) ||
      compare(a.AttackerUserAgent, b.AttackerUserAgent) ||
      compare(a.SiteName, b.SiteName),
  );
}
