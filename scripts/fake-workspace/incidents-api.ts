// A fake of the Sentinel incidents ARM API (api-version 2025-12-01) for tests and the demo,
// mounted on the local workspace through startFakeWorkspace({ routes }). It keeps incidents in
// memory, serves GET/PUT of an incident (PUT needs the whole object: title, severity, status; with
// If-Match, a stale etag is 412) and PUT of a comment (an upsert by comment id, as ARM does), and
// gives the SecurityIncident table rows of the same incidents for the incidentsForAlerts query.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const FAKE_INCIDENTS_API_VERSION = "2025-12-01";

export interface FakeIncident {
  name: string;
  etag: string;
  incidentNumber: number;
  title: string;
  severity: string;
  status: string;
  classification?: string;
  classificationReason?: string;
  classificationComment?: string;
  alertIds: string[];
  lastModified: Date;
  comments: Map<string, { message: string; created: Date }>;
}

export interface AddIncidentInput {
  name?: string;
  title: string;
  severity?: string;
  status?: string;
  alertIds: string[];
}

export class IncidentsStore {
  private readonly incidents = new Map<string, FakeIncident>();
  private nextNumber = 1;
  private conflicts = 0;
  /** PUTs of incidents that changed one (not refused ones). */
  writes = 0;
  /** PUTs of comments. */
  commentWrites = 0;

  constructor(
    /** Portal host for IncidentUrl (the real one is https://portal.azure.com). */
    private readonly portal = "https://portal.azure.com",
  ) {}

  add(input: AddIncidentInput): FakeIncident {
    const name = input.name ?? randomUUID();
    const incident: FakeIncident = {
      name,
      etag: `"${randomUUID()}"`,
      incidentNumber: this.nextNumber++,
      title: input.title,
      severity: input.severity ?? "High",
      status: input.status ?? "New",
      alertIds: [...input.alertIds],
      lastModified: new Date(),
      comments: new Map(),
    };
    this.incidents.set(name, incident);
    return incident;
  }

  get(name: string): FakeIncident | undefined {
    return this.incidents.get(name);
  }

  comments(name: string): { id: string; message: string }[] {
    const i = this.incidents.get(name);
    return i ? [...i.comments].map(([id, c]) => ({ id, message: c.message })) : [];
  }

  /** The next PUT of an incident bumps its etag first, so it fails 412 as if someone else wrote. */
  conflictOnce(times = 1): void {
    this.conflicts += times;
  }

  urlOf(i: FakeIncident): string {
    return `${this.portal}/#asset/Microsoft_Azure_Security_Insights/Incident/${i.name}`;
  }

  /** SecurityIncident rows, one per incident at its current version. */
  securityIncidentRows(): Record<string, unknown>[] {
    return [...this.incidents.values()].map((i) => ({
      TimeGenerated: i.lastModified,
      LastModifiedTime: i.lastModified,
      IncidentName: i.name,
      IncidentNumber: i.incidentNumber,
      Title: i.title,
      Severity: i.severity,
      Status: i.status,
      Classification: i.classification ?? "",
      ClassificationReason: i.classificationReason ?? "",
      ClassificationComment: i.classificationComment ?? "",
      IncidentUrl: this.urlOf(i),
      AlertIds: [...i.alertIds],
    }));
  }

  resource(i: FakeIncident, base: string): Record<string, unknown> {
    return {
      id: `${base}/${i.name}`,
      name: i.name,
      type: "Microsoft.SecurityInsights/Incidents",
      etag: i.etag,
      properties: {
        title: i.title,
        severity: i.severity,
        status: i.status,
        ...(i.classification ? { classification: i.classification } : {}),
        ...(i.classificationReason ? { classificationReason: i.classificationReason } : {}),
        ...(i.classificationComment !== undefined ? { classificationComment: i.classificationComment } : {}),
        incidentNumber: i.incidentNumber,
        incidentUrl: this.urlOf(i),
        lastModifiedTimeUtc: i.lastModified.toISOString(),
        additionalData: { alertsCount: i.alertIds.length },
      },
    };
  }

  /** Applies a PUT; returns the HTTP status and body. */
  put(name: string, body: unknown, ifMatch: string | undefined, base: string): { status: number; body: unknown } {
    const i = this.incidents.get(name);
    if (!i) return armError(404, "NotFound", `Incident ${name} not found`);
    if (this.conflicts > 0) {
      this.conflicts--;
      i.etag = `"${randomUUID()}"`;
      i.lastModified = new Date();
    }
    if (ifMatch && ifMatch !== "*" && ifMatch !== i.etag)
      return armError(412, "PreconditionFailed", "The etag does not match the incident's current etag");
    const p = (body as { properties?: Record<string, unknown> } | null)?.properties;
    if (!p || typeof p.title !== "string" || typeof p.severity !== "string" || typeof p.status !== "string")
      return armError(400, "BadRequest", "properties.title, properties.severity and properties.status are required");
    if (!["New", "Active", "Closed"].includes(p.status)) return armError(400, "BadRequest", `status ${p.status}`);
    if (p.status === "Closed" && typeof p.classification !== "string")
      return armError(400, "BadRequest", "a closed incident needs a classification");
    i.title = p.title;
    i.severity = p.severity;
    i.status = p.status;
    i.classification = typeof p.classification === "string" ? p.classification : undefined;
    i.classificationReason = typeof p.classificationReason === "string" ? p.classificationReason : undefined;
    i.classificationComment = typeof p.classificationComment === "string" ? p.classificationComment : undefined;
    i.etag = `"${randomUUID()}"`;
    i.lastModified = new Date();
    this.writes++;
    return { status: 200, body: this.resource(i, base) };
  }
}

function armError(status: number, code: string, message: string): { status: number; body: unknown } {
  return { status, body: { error: { code, message } } };
}

export interface IncidentsRoutesOptions {
  /** Who may call: return the caller's id or null (startFakeWorkspace's `authorize`). */
  authorize?: (req: IncomingMessage) => string | null;
}

const PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)\/providers\/Microsoft\.SecurityInsights\/incidents\/([^/]+)(?:\/comments\/([^/]+))?$/i;

function send(res: ServerResponse, status: number, body: unknown, etag?: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...(etag ? { etag } : {}) });
  res.end(JSON.stringify(body));
}

/** The ARM routes, for startFakeWorkspace({ routes }). True when the request was one of them. */
export function incidentsRoutes(
  store: IncidentsStore,
  opts: IncidentsRoutesOptions = {},
): (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<boolean> {
  return async (req, res, url, body) => {
    const m = url.pathname.match(PATH);
    if (!m) return false;
    const authorized = opts.authorize
      ? opts.authorize(req) !== null
      : /^Bearer \S+$/i.test(req.headers.authorization ?? "");
    if (!authorized) {
      send(res, 401, { error: { code: "AuthenticationFailed", message: "Missing or invalid bearer token" } });
      return true;
    }
    if (url.searchParams.get("api-version") !== FAKE_INCIDENTS_API_VERSION) {
      send(res, 400, {
        error: { code: "InvalidApiVersionParameter", message: `api-version must be ${FAKE_INCIDENTS_API_VERSION}` },
      });
      return true;
    }
    const base = url.pathname.replace(/\/incidents\/.*$/, "/incidents");
    const name = decodeURIComponent(m[4]!);
    const commentId = m[5] ? decodeURIComponent(m[5]) : null;
    const incident = store.get(name);
    if (!incident) {
      send(res, 404, { error: { code: "NotFound", message: `Incident ${name} not found` } });
      return true;
    }
    let parsed: unknown = null;
    if (req.method === "PUT") {
      try {
        parsed = JSON.parse(body);
      } catch {
        send(res, 400, { error: { code: "BadRequest", message: "body is not JSON" } });
        return true;
      }
    }
    if (commentId) {
      if (req.method !== "PUT" && req.method !== "GET") return methodNotAllowed(res);
      if (req.method === "GET") {
        const c = incident.comments.get(commentId);
        if (!c) send(res, 404, { error: { code: "NotFound", message: `Comment ${commentId} not found` } });
        else send(res, 200, { name: commentId, properties: { message: c.message } });
        return true;
      }
      const message = (parsed as { properties?: { message?: unknown } } | null)?.properties?.message;
      if (typeof message !== "string" || !message) {
        send(res, 400, { error: { code: "BadRequest", message: "properties.message is required" } });
        return true;
      }
      const existed = incident.comments.has(commentId);
      incident.comments.set(commentId, { message, created: incident.comments.get(commentId)?.created ?? new Date() });
      store.commentWrites++;
      send(res, existed ? 200 : 201, {
        id: `${base}/${name}/comments/${commentId}`,
        name: commentId,
        properties: { message },
      });
      return true;
    }
    if (req.method === "GET") {
      send(res, 200, store.resource(incident, base), incident.etag);
      return true;
    }
    if (req.method === "PUT") {
      const r = store.put(name, parsed, req.headers["if-match"] as string | undefined, base);
      send(res, r.status, r.body, r.status === 200 ? incident.etag : undefined);
      return true;
    }
    return methodNotAllowed(res);
  };
}

function methodNotAllowed(res: ServerResponse): true {
  send(res, 405, { error: { code: "MethodNotAllowed", message: "GET or PUT" } });
  return true;
}
