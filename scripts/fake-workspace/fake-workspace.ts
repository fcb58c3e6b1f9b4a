// A local Log Analytics workspace: an HTTPS server that the real query client
// (@azure/monitor-query-logs) and the real ClientSecretCredential (@azure/identity, MSAL inside)
// talk to, for the parity test, the demo and the benchmark. It speaks the wire format of
// /work/shared/docs/sentinel-api.md (copied into docs/sentinel.md where it matters):
// - Entra ID: OpenID discovery and the v2.0 token endpoint of one tenant, client credentials only;
//   a wrong secret is a 401 invalid_client (AADSTS7000215); tokens are random and good for any
//   scope (the incidents ARM API mounted through `routes` accepts them too).
// - Query API: POST /v1/workspaces/{id}/query {query, timespan}; the timespan filters every table
//   on TimeGenerated ([start, end)), a row is visible once its hidden ingestion time has passed,
//   and the query is one of Shellcase's templates evaluated by ./evaluate.ts (never executed).
// - Limits: a result over maxRows rows or maxBytes of JSON is cut there and answered 200 with a
//   PartialError, as the service does (E_QUERY_RESULT_SET_TOO_LARGE).
// The certificate is made at start by the system's openssl (execFile, no shell): no npm
// dependency for a test tool, and the same binary the docs already ask for (SOURCE_SECRET_KEY).
import { execFile } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Scenario } from "../../tests/scenario/generate-scenario";
import {
  QueryError,
  evaluate,
  recognise,
  timeOf,
  wireCell,
  type Evaluated,
  type RequestSource,
  type Row,
} from "./evaluate";

export type { Row } from "./evaluate";

type TableName = "SecurityAlert" | "W3CIISLog" | "SecurityIncident";
export interface FakeTables {
  SecurityAlert?: Row[] | (() => Row[]);
  W3CIISLog?: Row[] | (() => Row[]);
  SecurityIncident?: Row[] | (() => Row[]);
}

export interface FakeWorkspaceOptions {
  tables: FakeTables;
  port?: number;
  workspaceId?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Rows per result before the answer is cut with a PartialError (the service: 500,000). */
  maxRows?: number;
  /** Bytes of JSON rows per result before the answer is cut with a PartialError (64 MiB). */
  maxBytes?: number;
  /** Extra HTTPS routes on the same server (the incidents ARM API). Return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<boolean> | boolean;
  /** These clients get tokens, but their queries are refused 403 InsufficientAccessError. */
  forbiddenClientIds?: string[];
}

export interface FakeConnection {
  workspaceId: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** https://127.0.0.1:P/v1 */
  queryEndpoint: string;
  /** https://127.0.0.1:P (Entra ID lives at /{tenant}/…) */
  authorityHost: string;
  /** https://127.0.0.1:P (ARM routes mounted through `routes`) */
  armEndpoint: string;
  caPem: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
}

/** What the next matching query is answered with instead of its result. */
export type FakeFault =
  /** 429 (default) or 503 with Retry-After (seconds; omitted when undefined). */
  | { kind: "throttle"; status?: 429 | 503; retryAfterSeconds?: number }
  /** 504 Gateway Timeout: the query ran out of time. */
  | { kind: "timeout" }
  /** 204 No Content. */
  | { kind: "no-content" }
  /** 200 with an empty body. */
  | { kind: "empty" }
  /** Any error status with the service's error body. */
  | { kind: "error"; status: 400 | 401 | 403 | 404 | 500 | 502; code?: string; message?: string }
  /** 200 with the first `keepRows` rows of the real result (default half) and a PartialError. */
  | { kind: "partial"; keepRows?: number; message?: string }
  /**
   * Answers normally after `ms`; a 504 instead when that is longer than the wait the client asked
   * for (Prefer: wait=<seconds>, serverTimeoutInSeconds), as the service gives up at its timeout.
   */
  | { kind: "slow"; ms: number };

export interface QueryLogEntry {
  template: string | null;
  params: Record<string, unknown>;
  timespan: string | null;
  status: number;
  rows: number;
  partial: boolean;
  /** The client id of the bearer token (null when refused before). */
  clientId: string | null;
  /** Set when a queued fault answered this query. */
  fault: FakeFault["kind"] | null;
  /** Queries in flight when this one arrived, itself included (the service allows 5 per user). */
  concurrent: number;
}

export interface FakeWorkspace {
  url: string;
  caPem: string;
  connection(): FakeConnection;
  /** Every query received, in order of arrival. */
  queries: QueryLogEntry[];
  /** Queue a fault for the next matching query (only `template`'s, when given), `times` times (1). */
  failNext(fault: FakeFault, opts?: { template?: string; times?: number }): void;
  /** Appends rows to a table given as an array (e.g. a late-ingested alert). */
  addRows(table: keyof FakeTables, rows: Row[]): void;
  /** The client id behind a request's bearer token, or null: for routes mounted through `routes`. */
  authorize(req: IncomingMessage): string | null;
  close(): Promise<void>;
}

const DEFAULTS = {
  workspaceId: "5ee1c0de-0000-4000-8000-00000000000a",
  tenantId: "5ee1c0de-0000-4000-8000-00000000000b",
  clientId: "5ee1c0de-0000-4000-8000-00000000000c",
  subscriptionId: "5ee1c0de-0000-4000-8000-00000000000d",
  resourceGroup: "shellcase-local",
  workspaceName: "shellcase-local",
};

const run = promisify(execFile);

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl. */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), "fake-workspace-tls-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "30",
      "-subj",
      "/CN=Shellcase local workspace",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ]);
    return { key: await readFile(key, "utf8"), cert: await readFile(cert, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Tables: visibility (ingestion time, timespan) and an index of W3CIISLog by host and time.

/** ingestion_time() of a row: its hidden _ingestedAt, else its TimeGenerated. */
export function ingestedAtOf(r: Row): number {
  const v = r._ingestedAt;
  if (typeof v === "number") return v;
  const t = timeOf(v);
  return Number.isNaN(t) ? timeOf(r.TimeGenerated) : t;
}

interface HostIndex {
  rows: Row[];
  times: Float64Array;
}
interface RequestIndex {
  length: number;
  byHost: Map<string, HostIndex>;
  all: HostIndex;
}

function indexOf(rows: Row[]): HostIndex {
  const sorted = rows
    .map((r) => ({ r, t: timeOf(r.TimeGenerated) }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => a.t - b.t);
  return { rows: sorted.map((x) => x.r), times: Float64Array.from(sorted.map((x) => x.t)) };
}

const indexes = new WeakMap<Row[], RequestIndex>();

function requestIndex(rows: Row[]): RequestIndex {
  const cached = indexes.get(rows);
  if (cached && cached.length === rows.length) return cached;
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const h = typeof r.sComputerName === "string" ? r.sComputerName : String(r.sComputerName ?? "");
    let g = groups.get(h);
    if (!g) groups.set(h, (g = []));
    g.push(r);
  }
  const index: RequestIndex = {
    length: rows.length,
    byHost: new Map([...groups].map(([h, g]) => [h, indexOf(g)])),
    all: indexOf(rows),
  };
  indexes.set(rows, index);
  return index;
}

function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Visibility {
  now: number;
  /** [start, end) on TimeGenerated; null = no timespan. */
  start: number;
  end: number;
}

const visible = (r: Row, v: Visibility): boolean => {
  if (ingestedAtOf(r) > v.now) return false;
  const t = timeOf(r.TimeGenerated);
  return t >= v.start && t < v.end;
};

function requestSource(rows: Row[], v: Visibility): RequestSource {
  const index = requestIndex(rows);
  return {
    rows(from, to, hosts) {
      const lo = Math.max(from.getTime(), v.start);
      const out: Row[] = [];
      const parts = hosts ? [...new Set(hosts)].map((h) => index.byHost.get(h)) : [index.all];
      for (const part of parts) {
        if (!part) continue;
        for (let i = lowerBound(part.times, lo); i < part.times.length; i++) {
          const t = part.times[i]!;
          if (t > to.getTime() || t >= v.end) break;
          const r = part.rows[i]!;
          if (ingestedAtOf(r) <= v.now) out.push(r);
        }
      }
      return out;
    },
    any() {
      const part = index.all;
      for (let i = lowerBound(part.times, v.start); i < part.times.length && part.times[i]! < v.end; i++)
        if (ingestedAtOf(part.rows[i]!) <= v.now) return true;
      return false;
    },
  };
}

/** A timespan as the query API takes it: "start/end", "start/duration", "duration/end" or "duration". */
export function parseTimespan(ts: unknown, now: number): { start: number; end: number } | null {
  if (ts === undefined || ts === null || ts === "") return { start: -Infinity, end: Infinity };
  if (typeof ts !== "string") return null;
  const duration = (d: string): number => {
    const m = d.match(/^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/);
    if (!m || d === "P" || d.endsWith("T")) return Number.NaN;
    return (+(m[1] ?? 0) * 24 * 3600 + +(m[2] ?? 0) * 3600 + +(m[3] ?? 0) * 60 + +(m[4] ?? 0)) * 1000;
  };
  const parts = ts.split("/");
  let start: number;
  let end: number;
  if (parts.length === 1) {
    end = now;
    start = now - duration(parts[0]!);
  } else if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    const ta = a.startsWith("P") ? Number.NaN : Date.parse(a);
    const tb = b.startsWith("P") ? Number.NaN : Date.parse(b);
    if (!Number.isNaN(ta) && !Number.isNaN(tb)) [start, end] = [ta, tb];
    else if (!Number.isNaN(ta)) [start, end] = [ta, ta + duration(b)];
    else [start, end] = [tb - duration(a), tb];
  } else return null;
  return Number.isNaN(start) || Number.isNaN(end) ? null : { start, end };
}

// ---------------------------------------------------------------------------------------------
// Wire.

interface ErrorBody {
  code: string;
  message: string;
  innererror?: Record<string, unknown>;
  details?: unknown[];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, e: ErrorBody, headers: Record<string, string> = {}): void {
  send(res, status, { error: { ...e, correlationId: randomUUID() } }, headers);
}

const TOO_LARGE_CODE = "-2133196797";

/**
 * The service's answer to a result over a limit, as recorded from the real service (Azure SDK for
 * Java's session record LogsQueryClientTest.testLogsQueryAllowPartialSuccess): the reason is only
 * in details[].innererror, which @azure/monitor-query-logs 1.0.0 drops (errorDetailDeserializer),
 * so a client sees a generic PartialError with fewer rows.
 */
function tooLarge(detail: string): ErrorBody {
  return {
    code: "PartialError",
    message: "There were some errors when processing your query.",
    details: [
      {
        code: "EngineError",
        message: "Something went wrong processing your query on the server.",
        innererror: {
          code: TOO_LARGE_CODE,
          message: `Query result set has exceeded the internal ${detail} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`,
          severity: 2,
          severityName: "Error",
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The server.

export async function startFakeWorkspace(o: FakeWorkspaceOptions): Promise<FakeWorkspace> {
  const workspaceId = o.workspaceId ?? DEFAULTS.workspaceId;
  const tenantId = o.tenantId ?? DEFAULTS.tenantId;
  const clientId = o.clientId ?? DEFAULTS.clientId;
  const clientSecret = o.clientSecret ?? randomBytes(18).toString("base64url");
  const maxRows = o.maxRows ?? 500_000;
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024;
  const forbidden = new Set(o.forbiddenClientIds ?? []);
  const tables = o.tables;
  const tokens = new Map<string, { clientId: string; expires: number }>();
  const faults: { fault: FakeFault; template?: string; times: number }[] = [];
  const queries: QueryLogEntry[] = [];
  let inFlight = 0;
  const { key, cert } = await selfSignedCertificate();
  // Index the request table now rather than on the first query (seconds for millions of rows).
  if (Array.isArray(tables.W3CIISLog)) requestIndex(tables.W3CIISLog);

  const tableRows = (name: TableName): Row[] => {
    const t = tables[name];
    return typeof t === "function" ? t() : (t ?? []);
  };

  const authorize = (req: IncomingMessage): string | null => {
    const m = (req.headers.authorization ?? "").match(/^Bearer (\S+)$/i);
    const t = m ? tokens.get(m[1]!) : undefined;
    return t && t.expires > Date.now() ? t.clientId : null;
  };

  let base = "";

  function openidConfiguration(res: ServerResponse, tenant: string): void {
    const t = `${base}/${tenant}`;
    send(res, 200, {
      token_endpoint: `${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${t}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "ver"],
      kerberos_endpoint: `${t}/kerberos`,
      tenant_region_scope: "EU",
      cloud_instance_name: "127.0.0.1",
      cloud_graph_host_name: "127.0.0.1",
      msgraph_host: "127.0.0.1",
      rbac_url: base,
    });
  }

  function aadError(res: ServerResponse, status: number, error: string, code: number, description: string): void {
    send(res, status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString().replace("T", " ").slice(0, 19)}Z`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace("T", " ").slice(0, 19) + "Z",
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `${base}/error?code=${code}`,
    });
  }

  function token(res: ServerResponse, tenant: string, body: string): void {
    const form = new URLSearchParams(body);
    if (tenant !== tenantId) return aadError(res, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
    if (form.get("grant_type") !== "client_credentials")
      return aadError(res, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    const id = form.get("client_id") ?? "";
    if (id !== clientId && !forbidden.has(id))
      return aadError(
        res,
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${id}' was not found in the directory '${tenant}'.`,
      );
    if (form.get("client_secret") !== clientSecret)
      return aadError(
        res,
        401,
        "invalid_client",
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
      );
    const access = randomBytes(32).toString("base64url");
    tokens.set(access, { clientId: id, expires: Date.now() + 3600_000 });
    send(res, 200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: access });
  }

  function takeFault(template: string | null): FakeFault | null {
    const i = faults.findIndex((f) => f.template === undefined || f.template === template);
    if (i === -1) return null;
    const f = faults[i]!;
    if (--f.times <= 0) faults.splice(i, 1);
    return f.fault;
  }

  async function query(req: IncomingMessage, res: ServerResponse, ws: string, body: string): Promise<void> {
    const entry: QueryLogEntry = {
      template: null,
      params: {},
      timespan: null,
      status: 0,
      rows: 0,
      partial: false,
      clientId: null,
      fault: null,
      concurrent: ++inFlight,
    };
    queries.push(entry);
    res.once("close", () => inFlight--);
    const fail = (status: number, e: ErrorBody, headers?: Record<string, string>) => {
      entry.status = status;
      sendError(res, status, e, headers);
    };
    const who = authorize(req);
    if (!who)
      return fail(401, {
        code: "AuthorizationRequiredError",
        message: "Valid authentication was not provided",
        innererror: {
          code: "InvalidTokenError",
          message: "The provided authentication is not valid for this resource",
        },
      });
    entry.clientId = who;
    if (ws.toLowerCase() !== workspaceId.toLowerCase())
      return fail(404, {
        code: "PathNotFoundError",
        message: "The requested path does not exist",
        innererror: { code: "WorkspaceNotFoundError", message: `Workspace ${ws} not found` },
      });
    if (forbidden.has(who))
      return fail(403, {
        code: "InsufficientAccessError",
        message: "The provided credentials have insufficient access to perform the requested operation",
        innererror: {
          code: "InsufficientAccessError",
          message: `The client '${who}' does not have read access to workspace '${ws}'`,
        },
      });
    let parsedBody: { query?: unknown; timespan?: unknown };
    try {
      parsedBody = JSON.parse(body) as typeof parsedBody;
    } catch {
      return fail(400, { code: "BadArgumentError", message: "The request body is not valid JSON" });
    }
    const kql = typeof parsedBody.query === "string" ? parsedBody.query : "";
    entry.timespan = typeof parsedBody.timespan === "string" ? parsedBody.timespan : null;
    const now = Date.now();
    const span = parseTimespan(parsedBody.timespan, now);
    if (!span)
      return fail(400, {
        code: "BadArgumentError",
        message: "The request had some invalid properties",
        innererror: { code: "InvalidTimespan", message: `timespan ${String(parsedBody.timespan)} is not valid` },
      });
    let recognised: ReturnType<typeof recognise>;
    try {
      recognised = recognise(kql);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      return fail(400, semanticError(err));
    }
    if (!recognised)
      return fail(
        400,
        semanticError(new QueryError("SemanticError", "the local workspace answers Shellcase's query templates only")),
      );
    entry.template = recognised.template;
    entry.params = recognised.params;

    const fault = takeFault(recognised.template);
    entry.fault = fault?.kind ?? null;
    if (fault?.kind === "slow") {
      const wait = Number((String(req.headers.prefer ?? "").match(/wait=(\d+)/) ?? [])[1] ?? 180) * 1000;
      await new Promise((r) => setTimeout(r, Math.min(fault.ms, wait)));
      if (fault.ms > wait) return answerFault(res, entry, { kind: "timeout" });
    } else if (fault && fault.kind !== "partial") return answerFault(res, entry, fault);

    const v: Visibility = { now: Date.now(), ...span };
    let result: Evaluated;
    try {
      result = evaluate(recognised, {
        SecurityAlert: tableRows("SecurityAlert").filter((r) => visible(r, v)),
        SecurityIncident: tableRows("SecurityIncident").filter((r) => visible(r, v)),
        W3CIISLog: requestSource(tableRows("W3CIISLog"), v),
        ingestedAt: ingestedAtOf,
      });
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      return fail(400, semanticError(err));
    }

    let rows = result.rows;
    let error: ErrorBody | null = null;
    if (fault?.kind === "partial") {
      rows = rows.slice(0, fault.keepRows ?? Math.floor(rows.length / 2));
      error = {
        code: "PartialError",
        message: fault.message ?? "There were some errors when processing your query.",
        details: [{ code: "EngineError", message: "Something went wrong processing your query on the server." }],
      };
    }
    if (rows.length > maxRows) {
      rows = rows.slice(0, maxRows);
      error = tooLarge(`record count limit ${maxRows}`);
    }
    // Each row is serialised once: its length counts against maxBytes and its text is sent.
    const wire: string[] = [];
    let bytes = 0;
    for (const r of rows) {
      const text = JSON.stringify(result.columns.map((c) => wireCell(c.type, r[c.name])));
      bytes += text.length + 1;
      if (bytes > maxBytes) {
        error = tooLarge(`data size limit ${maxBytes}`);
        break;
      }
      wire.push(text);
    }
    entry.status = 200;
    entry.rows = wire.length;
    entry.partial = error !== null;
    const head = JSON.stringify({ name: "PrimaryResult", columns: result.columns }).slice(0, -1);
    const text = `{"tables":[${head},"rows":[${wire.join(",")}]}]${error ? `,"error":${JSON.stringify(error)}` : ""}}`;
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  function semanticError(err: QueryError): ErrorBody {
    return {
      code: "BadArgumentError",
      message: "The request had some invalid properties",
      innererror: {
        code: err.innerCode,
        message: err.innerCode === "SyntaxError" ? "A syntax error occurred." : "A semantic error occurred.",
        innererror: { code: "SEM0100", message: err.message },
      },
    };
  }

  function answerFault(res: ServerResponse, entry: QueryLogEntry, fault: FakeFault): void {
    switch (fault.kind) {
      case "throttle": {
        const status = fault.status ?? 429;
        entry.status = status;
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
        return sendError(
          res,
          status,
          status === 429
            ? { code: "ThrottledError", message: "Your request was throttled: too many requests" }
            : { code: "ServiceUnavailableError", message: "The service is temporarily unavailable" },
          headers,
        );
      }
      case "timeout":
        entry.status = 504;
        return sendError(res, 504, { code: "GatewayTimeout", message: "The query ran out of time" });
      case "no-content":
        entry.status = 204;
        res.writeHead(204);
        res.end();
        return;
      case "empty":
        entry.status = 200;
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": 0 });
        res.end();
        return;
      case "error": {
        entry.status = fault.status;
        const defaults: Record<number, [string, string]> = {
          400: ["BadArgumentError", "The request had some invalid properties"],
          401: ["AuthorizationRequiredError", "Valid authentication was not provided"],
          403: ["InsufficientAccessError", "The provided credentials have insufficient access"],
          404: ["PathNotFoundError", "The requested path does not exist"],
          500: ["InternalServerError", "An internal error occurred"],
          502: ["BadGateway", "Bad gateway"],
        };
        const [code, message] = defaults[fault.status]!;
        return sendError(res, fault.status, { code: fault.code ?? code, message: fault.message ?? message });
      }
      case "partial":
      case "slow":
        return;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > 32 * 1024 * 1024) return sendError(res, 413, { code: "RequestTooLarge", message: "body too large" });
      chunks.push(c);
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (req.method === "GET" && (m = path.match(/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/)))
      return openidConfiguration(res, decodeURIComponent(m[1]!));
    if (req.method === "POST" && (m = path.match(/^\/([^/]+)\/oauth2\/v2\.0\/token$/)))
      return token(res, decodeURIComponent(m[1]!), body);
    if (req.method === "POST" && (m = path.match(/^\/v1\/workspaces\/([^/]+)\/query$/)))
      return query(req, res, decodeURIComponent(m[1]!), body);
    if (o.routes && (await o.routes(req, res, url, body))) return;
    sendError(res, 404, { code: "PathNotFoundError", message: `The requested path does not exist: ${path}` });
  }

  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error("fake workspace:", err);
      if (!res.headersSent) sendError(res, 500, { code: "InternalServerError", message: String(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  base = `https://127.0.0.1:${port}`;

  return {
    url: base,
    caPem: cert,
    connection: () => ({
      workspaceId,
      tenantId,
      clientId,
      clientSecret,
      queryEndpoint: `${base}/v1`,
      authorityHost: base,
      armEndpoint: base,
      caPem: cert,
      subscriptionId: DEFAULTS.subscriptionId,
      resourceGroup: DEFAULTS.resourceGroup,
      workspaceName: DEFAULTS.workspaceName,
    }),
    queries,
    failNext(fault, opts = {}) {
      faults.push({ fault, template: opts.template, times: opts.times ?? 1 });
    },
    addRows(table, rows) {
      const t = tables[table];
      if (typeof t === "function") throw new Error(`addRows: table ${table} is given as a function`);
      if (t) t.push(...rows);
      else tables[table] = [...rows];
    },
    authorize,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// A scenario as workspace tables.

/** A deterministic GUID-shaped id from a key. */
function itemId(key: string): string {
  const h = createHash("sha1").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const W3C_FIELDS: Record<string, string> = {
  "s-sitename": "sSiteName",
  "s-computername": "sComputerName",
  "s-ip": "sIP",
  "cs-method": "csMethod",
  "cs-uri-stem": "csUriStem",
  "cs-uri-query": "csUriQuery",
  "s-port": "sPort",
  "cs-username": "csUserName",
  "c-ip": "cIP",
  "cs-version": "csVersion",
  "cs(user-agent)": "csUserAgent",
  "cs(cookie)": "csCookie",
  "cs(referer)": "csReferer",
  "cs-host": "csHost",
  "sc-status": "scStatus",
  "sc-substatus": "scSubStatus",
  "sc-win32-status": "scWin32Status",
  "sc-bytes": "scBytes",
  "cs-bytes": "csBytes",
  "time-taken": "TimeTaken",
};
const NUMERIC = new Set(["sPort", "scBytes", "csBytes", "TimeTaken"]);
const ALERT_TIMES = ["TimeGenerated", "StartTime", "EndTime", "ProcessingEndTime"];

export interface ScenarioTablesOptions {
  /** ingestion_time() − TimeGenerated of every row (default 2 minutes). */
  ingestionLagMs?: number;
  /** Alerts reach the workspace one every `trickleMs` from `now` on, oldest first (the demo). */
  trickleMs?: number;
  /** Start of the trickle (default: the time of the call). */
  now?: Date;
}

/**
 * The scenario's tables as the workspace holds them: a W3CIISLog row per log line, with the values
 * a file import of the same line stores (host and site as given to the import when the log does
 * not name them; "-" kept as IIS wrote it; fields the layout does not log "" or null), and its
 * SecurityAlert rows with datetimes as Date.
 */
export function tablesFromScenario(s: Scenario, opts: ScenarioTablesOptions = {}): FakeTables {
  const lag = opts.ingestionLagMs ?? 2 * 60_000;
  const tenant = "00000000-0000-0000-0000-000000000000";
  const sourceOf = new Map(s.logSources.flatMap((src) => src.files.map((f) => [f, src] as const)));
  const serverOf = new Map(s.servers.map((sv) => [sv.host, sv]));
  const W3CIISLog: Row[] = [];
  for (const [file, text] of s.logs) {
    const src = sourceOf.get(file);
    if (!src) throw new Error(`tablesFromScenario: ${file} belongs to no log source`);
    const computer = serverOf.get(src.host)?.fqdn ?? src.host;
    let names: string[] = [];
    let lineNo = 0;
    for (const line of text.split("\r\n")) {
      lineNo++;
      if (!line) continue;
      if (line.startsWith("#")) {
        if (line.startsWith("#Fields: ")) names = line.slice(9).split(" ");
        continue;
      }
      const values = line.split(" ");
      const row: Row = {
        TenantId: tenant,
        TimeGenerated: null,
        SourceSystem: "OpsManager",
        Computer: computer,
        sSiteName: src.site,
        sComputerName: src.host,
        sIP: "",
        csMethod: "",
        csUriStem: "",
        csUriQuery: "",
        sPort: null,
        csUserName: "",
        cIP: "",
        csVersion: "",
        csUserAgent: "",
        csCookie: "",
        csReferer: "",
        csHost: "",
        scStatus: "",
        scSubStatus: "",
        scWin32Status: "",
        scBytes: null,
        csBytes: null,
        TimeTaken: null,
        Type: "W3CIISLog",
        _ItemId: itemId(`${file}:${lineNo}`),
      };
      let date = "";
      let time = "";
      names.forEach((n, i) => {
        const v = values[i] ?? "";
        const key = n.toLowerCase();
        if (key === "date") date = v;
        else if (key === "time") time = v;
        else {
          const col = W3C_FIELDS[key];
          if (!col) return;
          if (NUMERIC.has(col)) row[col] = v === "-" || v === "" ? null : Number(v);
          else row[col] = v;
        }
      });
      const t = Date.parse(`${date}T${time}Z`);
      if (Number.isNaN(t)) throw new Error(`tablesFromScenario: ${file}:${lineNo} has no time`);
      row.TimeGenerated = new Date(t);
      row._ingestedAt = new Date(t + lag);
      W3CIISLog.push(row);
    }
  }
  const start = (opts.now ?? new Date()).getTime();
  const alerts = [...s.alerts].sort((a, b) => Date.parse(a.TimeGenerated) - Date.parse(b.TimeGenerated));
  const SecurityAlert: Row[] = alerts.map((a, i) => {
    const row: Row = { ...a, _ItemId: itemId(`SecurityAlert:${a.SystemAlertId}`) };
    for (const c of ALERT_TIMES) if (typeof a[c] === "string") row[c] = new Date(a[c] as string);
    const generated = timeOf(row.TimeGenerated);
    row._ingestedAt = new Date(opts.trickleMs !== undefined ? start + i * opts.trickleMs : generated + lag);
    return row;
  });
  return { SecurityAlert, W3CIISLog, SecurityIncident: [] };
}
