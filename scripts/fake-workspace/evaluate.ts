// The local workspace's query engine. It never runs KQL: a query is recognised as one of
// Shellcase's templates (lib/sentinel/kql/templates.ts) by its first line, its parameters are read
// with parseLiteral only, the text is rendered again from those parameters and must be exactly
// what was sent (so a template that drifts from what this file evaluates is refused), and the
// template's documented meaning is computed here over the tables. Anything else is a 400
// SemanticError, as the service answers a query it cannot compile.
import { hasAnyTerm } from "../../lib/enrich/kql-has";
import {
  baselineDcountFromRequests,
  commandAlertEnrichment,
  fileAlertEnrichment,
  type CompatAlert,
  type CompatRequest,
} from "../../lib/enrich/sentinel-compat";
import { COMMAND_ALERT_ENRICHMENT, FILE_ALERT_ENRICHMENT } from "../../lib/sentinel/kql/hunting";
import type { KqlValue } from "../../lib/sentinel/kql/literal";
import { parseTemplateQuery, type KqlTemplate } from "../../lib/sentinel/kql/template";
import * as T from "../../lib/sentinel/kql/templates";

export type Row = Record<string, unknown>;

export type ColumnType = "bool" | "datetime" | "dynamic" | "int" | "long" | "real" | "string";
export interface Column {
  name: string;
  type: ColumnType;
}

export interface Evaluated {
  columns: Column[];
  rows: Row[];
}

/** A query the service would refuse (400 BadArgumentError with this innererror). */
export class QueryError extends Error {
  constructor(
    readonly innerCode: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas (the columns of the real tables that Shellcase reads; hidden columns start with "_").

const s = (name: string): Column => ({ name, type: "string" });
const dt = (name: string): Column => ({ name, type: "datetime" });

export const W3CIISLOG_COLUMNS: Column[] = [
  s("TenantId"),
  dt("TimeGenerated"),
  s("SourceSystem"),
  s("Computer"),
  s("sSiteName"),
  s("sComputerName"),
  s("sIP"),
  s("csMethod"),
  s("csUriStem"),
  s("csUriQuery"),
  { name: "sPort", type: "int" },
  s("csUserName"),
  s("cIP"),
  s("csVersion"),
  s("csUserAgent"),
  s("csCookie"),
  s("csReferer"),
  s("csHost"),
  s("scStatus"),
  s("scSubStatus"),
  s("scWin32Status"),
  { name: "scBytes", type: "long" },
  { name: "csBytes", type: "long" },
  { name: "TimeTaken", type: "long" },
  s("Type"),
  s("_ItemId"),
];

export const SECURITY_ALERT_COLUMNS: Column[] = [
  s("TenantId"),
  dt("TimeGenerated"),
  s("DisplayName"),
  s("AlertName"),
  s("AlertSeverity"),
  s("Description"),
  s("ProviderName"),
  s("VendorName"),
  s("VendorOriginalId"),
  s("SystemAlertId"),
  s("ResourceId"),
  s("SourceComputerId"),
  s("AlertType"),
  s("ConfidenceLevel"),
  { name: "ConfidenceScore", type: "real" },
  { name: "IsIncident", type: "bool" },
  dt("StartTime"),
  dt("EndTime"),
  dt("ProcessingEndTime"),
  s("RemediationSteps"),
  s("ExtendedProperties"),
  s("Entities"),
  s("SourceSystem"),
  s("WorkspaceSubscriptionId"),
  s("WorkspaceResourceGroup"),
  s("ExtendedLinks"),
  s("ProductName"),
  s("ProductComponentName"),
  s("AlertLink"),
  s("Status"),
  s("CompromisedEntity"),
  s("Tactics"),
  s("Techniques"),
  s("SubTechniques"),
  s("Type"),
];

export const SECURITY_INCIDENT_COLUMNS: Column[] = [
  s("TenantId"),
  dt("TimeGenerated"),
  s("IncidentName"),
  s("Title"),
  s("Description"),
  s("Severity"),
  s("Status"),
  s("Classification"),
  s("ClassificationComment"),
  s("ClassificationReason"),
  s("Owner"),
  s("ProviderName"),
  s("ProviderIncidentId"),
  dt("FirstActivityTime"),
  dt("LastActivityTime"),
  dt("FirstModifiedTime"),
  dt("LastModifiedTime"),
  dt("CreatedTime"),
  dt("ClosedTime"),
  { name: "IncidentNumber", type: "int" },
  { name: "AlertIds", type: "dynamic" },
  s("IncidentUrl"),
  s("Type"),
];

const W3C_TYPE = new Map(W3CIISLOG_COLUMNS.map((c) => [c.name, c]));
const REQUEST_COLUMNS: Column[] = T.REQUEST_COLUMNS.map((n) => W3C_TYPE.get(n)!);

// ---------------------------------------------------------------------------------------------
// Cell values.

/** Epoch ms of a datetime cell (Date, or an ISO string with up to 7 fractional digits); NaN if none. */
export function timeOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "string" && v) return Date.parse(v);
  return Number.NaN;
}

/** A string cell: KQL strings are never null, an absent value is "". */
export function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : String(v);
}

/** A datetime as the service writes it: ISO with 7 fractional digits. */
export function isoTicks(v: unknown): string | null {
  if (typeof v === "string") {
    const m = v.match(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/);
    if (m) return `${m[1]}.${(m[2] ?? "").padEnd(7, "0")}Z`;
  }
  const t = timeOf(v);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/** One cell on the wire, by column type. */
export function wireCell(type: ColumnType, v: unknown): unknown {
  switch (type) {
    case "string":
      return str(v);
    case "datetime":
      return isoTicks(v);
    case "dynamic":
      if (v === null || v === undefined) return null;
      return typeof v === "string" ? v : JSON.stringify(v);
    case "bool":
      return typeof v === "boolean" ? v : v === null || v === undefined ? null : Boolean(v);
    default: {
      if (v === null || v === undefined || v === "") return null;
      const n = typeof v === "number" ? v : Number(v);
      return Number.isFinite(n) ? n : null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters: what each template's `let` values must be.

type ParamKind = "datetime" | "long" | "string" | "bool" | "strings";

const PARAMS: Record<string, Record<string, ParamKind>> = {
  ping: {},
  "alerts-since": { fromIngestion: "datetime", toIngestion: "datetime", maxRows: "long" },
  "hosts-matching": { keys: "strings", fromTime: "datetime", toTime: "datetime" },
  "requests-in-window": { hosts: "strings", fromTime: "datetime", toTime: "datetime", maxRows: "long" },
  "page-history": {
    host: "string",
    site: "string",
    stem: "string",
    fromTime: "datetime",
    toTime: "datetime",
    rareThreshold: "long",
    firstLook: "long",
    sample: "long",
  },
  "file-requests": { hosts: "strings", suffix: "string", fromTime: "datetime", toTime: "datetime", maxRows: "long" },
  "last-post-before": {
    hosts: "strings",
    ips: "strings",
    excludeStem: "string",
    fromTime: "datetime",
    toTime: "datetime",
  },
  "attacker-requests": {
    host: "string",
    site: "string",
    ip: "string",
    userAgent: "string",
    scriptsOnly: "bool",
    fromTime: "datetime",
    toTime: "datetime",
    maxRows: "long",
  },
  "first-access": {
    host: "string",
    site: "string",
    ip: "string",
    userAgent: "string",
    fromTime: "datetime",
    toTime: "datetime",
  },
  "incidents-for-alerts": { alertIds: "strings" },
};

function checkKind(template: string, name: string, kind: ParamKind, v: KqlValue): void {
  const ok =
    kind === "datetime"
      ? v instanceof Date
      : kind === "long"
        ? typeof v === "number"
        : kind === "string"
          ? typeof v === "string"
          : kind === "bool"
            ? typeof v === "boolean"
            : Array.isArray(v) && v.every((x) => typeof x === "string");
  if (!ok) throw new QueryError("SemanticError", `${template}: ${name} is not a ${kind} (${JSON.stringify(v)})`);
}

/** The script extensions the attacker-requests template matches with has_any, read from its own text. */
export const TEMPLATE_SCRIPT_EXTENSIONS: string[] = (() => {
  const m = T.attackerRequests.body.match(/let scriptExtensions = dynamic\((\[[^\]]*\])\);/);
  if (!m) throw new Error("attacker-requests: no scriptExtensions let in the template");
  return JSON.parse(m[1]!) as string[];
})();

/** Names the local workspace gives the two hunting queries in its query log. */
export const HUNTING_COMMAND = "hunting:command-alert-enrichment";
export const HUNTING_FILE = "hunting:file-alert-enrichment";

export interface Recognised {
  template: string;
  params: Record<string, KqlValue>;
}

/**
 * The template and parameters of a query; throws QueryError for text that is not exactly one of
 * the templates rendered with well-typed parameters. Null for text without a template header.
 */
export function recognise(text: string): Recognised | null {
  // The two original hunting queries, recognised by their exact text: answered with Shellcase's
  // own port of them (lib/enrich/sentinel-compat.ts), which is what the issue allows; what the
  // test of `sentinel-compat --source` checks is that their text is sent unchanged.
  if (text === COMMAND_ALERT_ENRICHMENT.text) return { template: HUNTING_COMMAND, params: {} };
  if (text === FILE_ALERT_ENRICHMENT.text) return { template: HUNTING_FILE, params: {} };
  let parsed: ReturnType<typeof parseTemplateQuery>;
  try {
    parsed = parseTemplateQuery(text);
  } catch (err) {
    throw new QueryError("SyntaxError", `Query could not be parsed: ${(err as Error).message}`);
  }
  if (!parsed) return null;
  const template = T.TEMPLATES.find((t) => t.name === parsed.template);
  const kinds = PARAMS[parsed.template];
  if (!template || !kinds) throw new QueryError("SemanticError", `unknown template ${parsed.template}`);
  const names = Object.keys(parsed.params);
  const expected = Object.keys(kinds);
  if (names.join(",") !== expected.join(","))
    throw new QueryError(
      "SemanticError",
      `${parsed.template}: parameters ${names.join(", ")} are not ${expected.join(", ")}`,
    );
  for (const n of expected) checkKind(parsed.template, n, kinds[n]!, parsed.params[n]!);
  // The parameters were checked against PARAMS above.
  const again = (template as unknown as KqlTemplate<Record<string, KqlValue>>).build(parsed.params).text;
  if (again !== text)
    throw new QueryError(
      "SemanticError",
      `${parsed.template}: the query text is not the template's text for these parameters (template drift?)`,
    );
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

/** Max TimeGenerated of the first `n` rows by time (ties do not matter for the max); NaN if none. */
function cutOf(rows: Row[], n: number): number {
  if (n <= 0 || rows.length === 0) return Number.NaN;
  const times = rows.map((r) => timeOf(r.TimeGenerated)).sort((a, b) => a - b);
  return times[Math.min(n, times.length) - 1]!;
}

const upTo = (rows: Row[], cut: number): Row[] => rows.filter((r) => timeOf(r.TimeGenerated) <= cut);

function requests(rows: Row[]): Evaluated {
  return { columns: REQUEST_COLUMNS, rows };
}

/** W3CIISLog access the evaluator needs: rows in a time window, optionally on some hosts only. */
export interface RequestSource {
  rows(from: Date, to: Date, hosts?: readonly string[]): Row[];
  /** True when the table has at least one visible row. */
  any(): boolean;
}

export interface EvaluateInput {
  SecurityAlert: Row[];
  W3CIISLog: RequestSource;
  SecurityIncident: Row[];
  /** ingestion_time() of a row. */
  ingestedAt(r: Row): number;
}

export function evaluate(q: Recognised, t: EvaluateInput): Evaluated {
  const p = q.params;
  const date = (n: string) => p[n] as Date;
  const num = (n: string) => p[n] as number;
  const text = (n: string) => p[n] as string;
  const list = (n: string) => p[n] as string[];
  switch (q.template) {
    case "ping": {
      const rows: Row[] = [];
      // union isfuzzy: the tables in the order the union names them, each once if it has a row.
      if (t.SecurityAlert.length) rows.push({ Table: "SecurityAlert", Rows: 1 });
      if (t.W3CIISLog.any()) rows.push({ Table: "W3CIISLog", Rows: 1 });
      return {
        columns: [s("Table"), { name: "Rows", type: "long" }],
        rows,
      };
    }
    case "alerts-since": {
      const from = date("fromIngestion").getTime();
      const to = date("toIngestion").getTime();
      const rows = t.SecurityAlert.filter((r) => str(r.ProviderName).toLowerCase() === "mdatp")
        .map((r) => ({ r, at: t.ingestedAt(r) }))
        .filter(({ at }) => at > from && at <= to)
        .sort((a, b) => a.at - b.at || cmp(str(a.r.SystemAlertId), str(b.r.SystemAlertId)))
        .slice(0, Math.max(0, num("maxRows")))
        .map(({ r, at }) => ({ ...r, IngestedAt: new Date(at) }));
      return { columns: [...withExtraColumns(SECURITY_ALERT_COLUMNS, rows), dt("IngestedAt")], rows };
    }
    case "hosts-matching": {
      const keys = new Set(list("keys"));
      const groups = new Map<string, Row>();
      for (const r of t.W3CIISLog.rows(date("fromTime"), date("toTime"))) {
        const key = str(r.sComputerName).toLowerCase();
        if (!keys.has(key) && !keys.has(key.split(".")[0]!)) continue;
        const g = JSON.stringify([str(r.sComputerName), str(r.sSiteName)]);
        const time = timeOf(r.TimeGenerated);
        const cur = groups.get(g);
        if (!cur)
          groups.set(g, {
            sComputerName: str(r.sComputerName),
            sSiteName: str(r.sSiteName),
            Requests: 1,
            FirstTime: time,
            LastTime: time,
          });
        else {
          cur.Requests = (cur.Requests as number) + 1;
          cur.FirstTime = Math.min(cur.FirstTime as number, time);
          cur.LastTime = Math.max(cur.LastTime as number, time);
        }
      }
      return {
        columns: [
          s("sComputerName"),
          s("sSiteName"),
          { name: "Requests", type: "long" },
          dt("FirstTime"),
          dt("LastTime"),
        ],
        rows: [...groups.values()].map((g) => ({
          ...g,
          FirstTime: new Date(g.FirstTime as number),
          LastTime: new Date(g.LastTime as number),
        })),
      };
    }
    case HUNTING_COMMAND:
    case HUNTING_FILE: {
      const alerts = t.SecurityAlert.map(compatAlertOf);
      const requests = t.W3CIISLog.rows(new Date(-8.64e15), new Date(8.64e15)).map(compatRequestOf);
      if (q.template === HUNTING_FILE)
        return { columns: FILE_HUNTING_COLUMNS, rows: fileAlertEnrichment(alerts, requests) as unknown as Row[] };
      const rows = commandAlertEnrichment(alerts, requests, baselineDcountFromRequests(requests));
      return { columns: COMMAND_HUNTING_COLUMNS, rows: rows as unknown as Row[] };
    }
    case "requests-in-window": {
      // top maxRows by TimeGenerated asc: one host's rows come in time order, several hosts' are merged.
      const rows = t.W3CIISLog.rows(date("fromTime"), date("toTime"), list("hosts"));
      if (new Set(list("hosts")).size > 1) rows.sort((a, b) => timeOf(a.TimeGenerated) - timeOf(b.TimeGenerated));
      return requests(rows.slice(0, Math.max(0, num("maxRows"))));
    }
    case "page-history": {
      const page = t.W3CIISLog.rows(date("fromTime"), date("toTime"), [text("host")]).filter(
        (r) => str(r.sSiteName) === text("site") && str(r.csUriStem) === text("stem"),
      );
      const firstCut = cutOf(page, num("firstLook"));
      const firstRows = upTo(page, firstCut);
      const firstClients = new Set(firstRows.map((r) => str(r.cIP))).size;
      const sampleCut = cutOf(page, num("sample"));
      const rare = firstClients <= num("rareThreshold") && firstRows.length >= num("firstLook");
      return requests(upTo(page, rare ? sampleCut : firstCut));
    }
    case "file-requests": {
      const suffix = text("suffix").toLowerCase();
      const matching = t.W3CIISLog.rows(date("fromTime"), date("toTime"), list("hosts")).filter((r) =>
        str(r.csUriStem).toLowerCase().endsWith(suffix),
      );
      return requests(upTo(matching, cutOf(matching, num("maxRows"))));
    }
    case "last-post-before": {
      const ips = new Set(list("ips"));
      const exclude = text("excludeStem").toLowerCase();
      const posts = t.W3CIISLog.rows(date("fromTime"), date("toTime"), list("hosts")).filter(
        (r) => ips.has(str(r.cIP)) && str(r.csMethod) === "POST" && str(r.csUriStem).toLowerCase() !== exclude,
      );
      const last = Math.max(...posts.map((r) => timeOf(r.TimeGenerated)));
      return requests(posts.filter((r) => timeOf(r.TimeGenerated) === last));
    }
    case "attacker-requests": {
      const host = text("host");
      const matching = t.W3CIISLog.rows(date("fromTime"), date("toTime"), host ? [host] : undefined).filter(
        (r) =>
          (!text("ip") || str(r.cIP) === text("ip")) &&
          (!text("userAgent") || str(r.csUserAgent) === text("userAgent")) &&
          (!host || str(r.sSiteName) === text("site")) &&
          (!(p.scriptsOnly as boolean) || hasAnyTerm(str(r.csUriStem), TEMPLATE_SCRIPT_EXTENSIONS)),
      );
      return requests(upTo(matching, cutOf(matching, num("maxRows"))));
    }
    case "first-access": {
      const matching = t.W3CIISLog.rows(date("fromTime"), date("toTime"), [text("host")]).filter(
        (r) =>
          str(r.sSiteName) === text("site") &&
          (!text("ip") || str(r.cIP) === text("ip")) &&
          (!text("userAgent") || str(r.csUserAgent) === text("userAgent")),
      );
      const first = Math.min(...matching.map((r) => timeOf(r.TimeGenerated)));
      return requests(matching.filter((r) => timeOf(r.TimeGenerated) === first));
    }
    case "incidents-for-alerts": {
      const wanted = new Set(list("alertIds"));
      const latest = new Map<string, Row>();
      for (const r of t.SecurityIncident) {
        const name = str(r.IncidentName);
        const cur = latest.get(name);
        if (!cur || timeOf(r.LastModifiedTime) > timeOf(cur.LastModifiedTime)) latest.set(name, r);
      }
      const rows = [...latest.values()].filter((r) => alertIdsOf(r.AlertIds).some((id) => wanted.has(id)));
      const cols = ["IncidentName", "IncidentNumber", "Title", "Status", "Severity", "Classification", "IncidentUrl"];
      const byName = new Map(SECURITY_INCIDENT_COLUMNS.map((c) => [c.name, c]));
      return {
        columns: [...cols.map((c) => byName.get(c)!), { name: "AlertIds", type: "dynamic" }],
        rows,
      };
    }
  }
  throw new QueryError("SemanticError", `unknown template ${q.template}`);
}

/** The schema, then any other (non-hidden) column the rows hold, its type read from its first value. */
function withExtraColumns(schema: Column[], rows: Row[]): Column[] {
  const known = new Set([...schema.map((c) => c.name), "IngestedAt"]);
  const extra = new Map<string, Column>();
  for (const r of rows)
    for (const [name, v] of Object.entries(r)) {
      if (known.has(name) || name.startsWith("_") || (extra.has(name) && v == null)) continue;
      if (extra.has(name) && extra.get(name)!.type !== "string") continue;
      const type: ColumnType =
        v instanceof Date
          ? "datetime"
          : typeof v === "boolean"
            ? "bool"
            : typeof v === "number"
              ? Number.isInteger(v)
                ? "long"
                : "real"
              : v !== null && typeof v === "object"
                ? "dynamic"
                : "string";
      extra.set(name, { name, type });
    }
  return [...schema, ...extra.values()];
}

function alertIdsOf(v: unknown): string[] {
  let a = v;
  if (typeof v === "string") {
    try {
      a = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === "string") : [];
}

/** Ordinal string order, as KQL sorts strings. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// The hunting queries' output, typed as the service types it.

const COMMAND_HUNTING_COLUMNS: Column[] = [
  { name: "Site", type: "dynamic" },
  s("ShellLocation"),
  s("ShellName"),
  s("ParentProcess"),
  s("CommandLine"),
  { name: "Attacker", type: "dynamic" },
  s("HostName"),
  s("IPCustomEntity"),
  dt("timestamp"),
  s("PageAccessed"),
  { name: "dcount_SourceIP", type: "long" },
];

const FILE_HUNTING_COLUMNS: Column[] = [
  dt("StartTime"),
  dt("EndTime"),
  s("AttackerIP"),
  s("AttackerUserAgent"),
  s("SiteName"),
  s("ShellLocation"),
  dt("timestamp"),
  s("IPCustomEntity"),
];

function compatAlertOf(r: Row): CompatAlert {
  let entities: unknown = r.Entities;
  if (typeof entities === "string") {
    try {
      entities = JSON.parse(entities);
    } catch {
      entities = [];
    }
  }
  return {
    systemAlertId: str(r.SystemAlertId),
    providerName: str(r.ProviderName),
    timeGenerated: new Date(timeOf(r.TimeGenerated)),
    entities: Array.isArray(entities) ? entities : [],
  };
}

function compatRequestOf(r: Row): CompatRequest {
  return {
    time: new Date(timeOf(r.TimeGenerated)),
    site: str(r.sSiteName),
    host: str(r.sComputerName),
    clientIp: str(r.cIP),
    userAgent: str(r.csUserAgent),
    uriStem: str(r.csUriStem),
  };
}
