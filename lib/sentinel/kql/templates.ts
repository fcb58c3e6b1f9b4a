// Every query Shellcase sends to a Log Analytics workspace. Each reads its values from `let`
// statements (./template.ts) and nothing else. What each returns is described beside it: the
// local workspace (scripts/fake-workspace) evaluates exactly that meaning, and the fetches in
// lib/sentinel/ rely on it to bring home a superset of the rows the local query of the same
// purpose reads (docs/sentinel.md, "Parity").
//
// Conventions: times are closed ranges (`between (fromTime .. toTime)`), as the local queries'
// `time >= $from AND time <= $to`; "" stands for "not set" (KQL strings are never null, and an
// empty sSiteName is what a NULL site is locally); "the first N rows by time" always includes
// every row tied with the N-th, so a local ORDER BY time LIMIT N finds its rows whatever order
// ties come in.
import { defineTemplate } from "./template";

/** The W3CIISLog columns stored in web_requests (lib/sentinel/store-fetched-requests.ts). */
export const REQUEST_COLUMNS = [
  "TimeGenerated",
  "sComputerName",
  "sSiteName",
  "sIP",
  "csMethod",
  "csUriStem",
  "csUriQuery",
  "sPort",
  "csUserName",
  "cIP",
  "csVersion",
  "csUserAgent",
  "csCookie",
  "csReferer",
  "csHost",
  "scStatus",
  "scSubStatus",
  "scWin32Status",
  "scBytes",
  "csBytes",
  "TimeTaken",
  "_ItemId",
] as const;

const PROJECT_REQUESTS = `| project ${REQUEST_COLUMNS.join(", ")}`;

/** The notebook's script extensions (lib/enrich/kql-has.ts SCRIPT_EXTENSIONS), matched with `has_any`. */
const SCRIPT_EXTENSIONS_LET = `let scriptExtensions = dynamic([".php", ".jsp", ".js", ".aspx", ".asmx", ".ashx", ".ascx", ".asp", ".cfm", ".shtml"]);`;

/**
 * Test connection: which of the two tables the credential can read. Rows: (Table, Rows) for each
 * table that has at least one row; a missing table is not an error (isfuzzy).
 */
export const ping = defineTemplate<Record<string, never>>(
  "ping",
  [],
  `
union isfuzzy=true (SecurityAlert | take 1 | project Table = "SecurityAlert"), (W3CIISLog | take 1 | project Table = "W3CIISLog")
| summarize Rows = count() by Table`,
);

/**
 * Alert pull: Defender for Endpoint SecurityAlert rows whose ingestion_time() is in
 * (fromIngestion, toIngestion], oldest ingestion first, at most maxRows, each with its IngestedAt.
 * The cursor is the ingestion time: a row that happened long ago but reached the workspace after
 * the last pull is still found (the query's timespan, on TimeGenerated, is kept wide).
 */
export const alertsSince = defineTemplate<{ fromIngestion: Date; toIngestion: Date; maxRows: number }>(
  "alerts-since",
  ["fromIngestion", "toIngestion", "maxRows"],
  `
SecurityAlert
| where ProviderName =~ "MDATP"
| extend IngestedAt = ingestion_time()
| where IngestedAt > fromIngestion and IngestedAt <= toIngestion
| order by IngestedAt asc, SystemAlertId asc
| take maxRows`,
);

/**
 * The IIS host names (sComputerName, as logged) and sites that denote an alert's host: the name
 * lower-cased, or its part before the first dot, is one of `keys` (lib/enrich/resolve-web-hosts.ts
 * hostKeys). Rows: (sComputerName, sSiteName, Requests, FirstTime, LastTime).
 */
export const hostsMatching = defineTemplate<{ keys: string[]; fromTime: Date; toTime: Date }>(
  "hosts-matching",
  ["keys", "fromTime", "toTime"],
  `
W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| extend HostKey = tolower(sComputerName)
| where HostKey in (keys) or tostring(split(HostKey, ".")[0]) in (keys)
| summarize Requests = count(), FirstTime = min(TimeGenerated), LastTime = max(TimeGenerated) by sComputerName, sSiteName`,
);

/**
 * Every request on these hosts (sComputerName exactly) in [fromTime, toTime], the first maxRows by
 * time: a result of maxRows rows means the window goes on, and the caller asks again from the
 * last time it got (keyset paging, nothing fetched twice but that second's rows).
 * Columns: REQUEST_COLUMNS.
 */
export const requestsInWindow = defineTemplate<{ hosts: string[]; fromTime: Date; toTime: Date; maxRows: number }>(
  "requests-in-window",
  ["hosts", "fromTime", "toTime", "maxRows"],
  `
W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| where sComputerName in (hosts)
| top maxRows by TimeGenerated asc
${PROJECT_REQUESTS}`,
);

/**
 * A page's history with the rarity decision pushed down (lib/enrich/find-shell-evidence.ts
 * findPageClients reads the same rows): the requests to (host, site, stem) in [fromTime, toTime];
 * the first `firstLook` by time; when those hold at most `rareThreshold` distinct client IPs and
 * there are `firstLook` of them, the first `sample` by time instead. Ties at each cut included.
 * A common page thus costs `firstLook` rows, whatever its traffic. Columns: REQUEST_COLUMNS.
 */
export const pageHistory = defineTemplate<{
  host: string;
  site: string;
  stem: string;
  fromTime: Date;
  toTime: Date;
  rareThreshold: number;
  firstLook: number;
  sample: number;
}>(
  "page-history",
  ["host", "site", "stem", "fromTime", "toTime", "rareThreshold", "firstLook", "sample"],
  `
let page = W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| where sComputerName == host and sSiteName == site and csUriStem == stem;
let firstCut = toscalar(page | top firstLook by TimeGenerated asc | summarize max(TimeGenerated));
let firstRows = page | where TimeGenerated <= firstCut;
let firstClients = toscalar(firstRows | summarize array_length(make_set(cIP)));
let firstCount = toscalar(firstRows | count);
let sampleCut = toscalar(page | top sample by TimeGenerated asc | summarize max(TimeGenerated));
let rare = firstClients <= rareThreshold and firstCount >= firstLook;
page
| where TimeGenerated <= iff(rare, sampleCut, firstCut)
${PROJECT_REQUESTS}`,
);

/**
 * A file alert's script: requests on these hosts in [fromTime, toTime] whose csUriStem ends with
 * `suffix` ("/<folder>/<file name>"), compared ignoring case as IIS serves files; the first
 * maxRows by time, ties included. Columns: REQUEST_COLUMNS.
 */
export const fileRequests = defineTemplate<{
  hosts: string[];
  suffix: string;
  fromTime: Date;
  toTime: Date;
  maxRows: number;
}>(
  "file-requests",
  ["hosts", "suffix", "fromTime", "toTime", "maxRows"],
  `
let matching = W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| where sComputerName in (hosts) and csUriStem endswith suffix;
let cut = toscalar(matching | top maxRows by TimeGenerated asc | summarize max(TimeGenerated));
matching
| where TimeGenerated <= cut
${PROJECT_REQUESTS}`,
);

/**
 * The upload that installed a file alert's script: POSTs by these client IPs on these hosts in
 * [fromTime, toTime] to another page than `excludeStem` (ignoring case); every row at the latest
 * such time. Columns: REQUEST_COLUMNS.
 */
export const lastPostBefore = defineTemplate<{
  hosts: string[];
  ips: string[];
  excludeStem: string;
  fromTime: Date;
  toTime: Date;
}>(
  "last-post-before",
  ["hosts", "ips", "excludeStem", "fromTime", "toTime"],
  `
let posts = W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| where sComputerName in (hosts) and cIP in (ips) and csMethod == "POST" and tolower(csUriStem) != tolower(excludeStem);
let last = toscalar(posts | summarize max(TimeGenerated));
posts
| where TimeGenerated == last
${PROJECT_REQUESTS}`,
);

/**
 * An attacker's requests (by IP, user agent, or both: "" = not set, at least one is set) in
 * [fromTime, toTime]: on `host` and `site` when host is set (else on every host), only script
 * requests (csUriStem has_any the notebook's extensions) when scriptsOnly; the first maxRows by
 * time, ties included. Serves the pivots' files before, timeline and elsewhere. Columns:
 * REQUEST_COLUMNS.
 */
export const attackerRequests = defineTemplate<{
  host: string;
  site: string;
  ip: string;
  userAgent: string;
  scriptsOnly: boolean;
  fromTime: Date;
  toTime: Date;
  maxRows: number;
}>(
  "attacker-requests",
  ["host", "site", "ip", "userAgent", "scriptsOnly", "fromTime", "toTime", "maxRows"],
  `
${SCRIPT_EXTENSIONS_LET}
let matching = W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| where (isempty(ip) or cIP == ip) and (isempty(userAgent) or csUserAgent == userAgent)
| where isempty(host) or (sComputerName == host and sSiteName == site)
| where not(scriptsOnly) or csUriStem has_any (scriptExtensions);
let cut = toscalar(matching | top maxRows by TimeGenerated asc | summarize max(TimeGenerated));
matching
| where TimeGenerated <= cut
${PROJECT_REQUESTS}`,
);

/**
 * The attacker's first access, counted in the workspace: every request by the attacker on (host,
 * site) in [fromTime, toTime] at the earliest such time. Columns: REQUEST_COLUMNS.
 */
export const firstAccess = defineTemplate<{
  host: string;
  site: string;
  ip: string;
  userAgent: string;
  fromTime: Date;
  toTime: Date;
}>(
  "first-access",
  ["host", "site", "ip", "userAgent", "fromTime", "toTime"],
  `
let matching = W3CIISLog
| where TimeGenerated between (fromTime .. toTime)
| where sComputerName == host and sSiteName == site
| where (isempty(ip) or cIP == ip) and (isempty(userAgent) or csUserAgent == userAgent);
let first = toscalar(matching | summarize min(TimeGenerated));
matching
| where TimeGenerated == first
${PROJECT_REQUESTS}`,
);

/**
 * The Sentinel incidents holding any of these alerts (SystemAlertId), each at its latest version.
 * Rows: (IncidentName, IncidentNumber, Title, Status, Severity, Classification, IncidentUrl,
 * AlertIds) with AlertIds a dynamic array of SystemAlertIds.
 */
export const incidentsForAlerts = defineTemplate<{ alertIds: string[] }>(
  "incidents-for-alerts",
  ["alertIds"],
  `
SecurityIncident
| summarize arg_max(LastModifiedTime, *) by IncidentName
| where AlertIds has_any (alertIds)
| mv-apply AlertId = AlertIds to typeof(string) on (where AlertId in (alertIds) | summarize Matched = count())
| where Matched > 0
| project IncidentName, IncidentNumber, Title, Status, Severity, Classification, IncidentUrl, AlertIds`,
);

export const TEMPLATES = [
  ping,
  alertsSince,
  hostsMatching,
  requestsInWindow,
  pageHistory,
  fileRequests,
  lastPostBefore,
  attackerRequests,
  firstAccess,
  incidentsForAlerts,
] as const;
