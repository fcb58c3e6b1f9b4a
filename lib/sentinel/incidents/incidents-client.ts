// The Sentinel incidents API (ARM, Microsoft.SecurityInsights, api-version 2025-12-01) for one
// data source: GET an incident, PUT it back whole with If-Match, PUT a comment. Built on
// @azure/core-rest-pipeline (what the SDKs use): a bearer token from the source's own credential
// for `${armEndpoint}/.default`, the source's extra CA trusted (tlsOptions), and no pipeline
// retries — BullMQ retries the job, and a 412 is handled by the caller (./apply-incident-change.ts).
// Every failure becomes a WorkspaceError with a kind, as queries do.
import type { TokenCredential } from "@azure/identity";
import {
  bearerTokenAuthenticationPolicy,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  createDefaultHttpClient,
  tlsPolicy,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import type { DataSource } from "../../generated/prisma/client";
import { DEFAULT_ARM_ENDPOINT, credentialFor, type SourceConnection } from "../connect";
import { WorkspaceError, toWorkspaceError } from "../workspace-error";

export const INCIDENTS_API_VERSION = "2025-12-01";

export type ArmPath = Pick<DataSource, "subscriptionId" | "resourceGroup" | "workspaceName" | "armEndpoint">;
export type IncidentSource = SourceConnection & ArmPath;

/** The incident resource as the API returns it; unknown properties are kept and sent back. */
export interface Incident {
  id?: string;
  name?: string;
  etag?: string;
  properties: {
    title: string;
    severity: string;
    status: string;
    classification?: string;
    classificationReason?: string;
    classificationComment?: string;
    incidentNumber?: number;
    incidentUrl?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface IncidentComment {
  name?: string;
  properties: { message: string; [key: string]: unknown };
}

/** True when the source names its workspace's ARM path (all three parts). */
export function hasArmPath(source: ArmPath): boolean {
  return !!(source.subscriptionId && source.resourceGroup && source.workspaceName);
}

export function armEndpointOf(source: Pick<DataSource, "armEndpoint">): string {
  return (source.armEndpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, "");
}

const SEGMENT = /^[A-Za-z0-9._()-]+$/;

function segment(what: string, value: string): string {
  // Incident names come from a workspace query: never let one walk the URL.
  if (!SEGMENT.test(value)) throw new WorkspaceError("bad_query", `${what} ${JSON.stringify(value)} is not a name`);
  return encodeURIComponent(value);
}

/** `…/providers/Microsoft.SecurityInsights/incidents` of the source's workspace. */
export function incidentsBaseUrl(source: ArmPath): string {
  if (!hasArmPath(source))
    throw new WorkspaceError("not_found", "the data source has no subscription, resource group and workspace name");
  return (
    `${armEndpointOf(source)}/subscriptions/${segment("subscription", source.subscriptionId!)}` +
    `/resourceGroups/${segment("resource group", source.resourceGroup!)}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${segment("workspace", source.workspaceName!)}` +
    `/providers/Microsoft.SecurityInsights/incidents`
  );
}

export interface IncidentsClient {
  getIncident(name: string): Promise<Incident>;
  /** PUT the whole incident; `etag` goes in If-Match (412 → WorkspaceError kind "conflict"-like: statusCode 412). */
  putIncident(name: string, incident: Incident, etag: string | undefined): Promise<Incident>;
  putComment(name: string, commentId: string, message: string): Promise<IncidentComment>;
}

/** A 412 Precondition Failed: someone changed the incident since it was read. */
export function isEtagConflict(err: unknown): boolean {
  return err instanceof WorkspaceError && err.statusCode === 412;
}

export function createIncidentsClient(
  source: IncidentSource,
  credential: TokenCredential = credentialFor(source),
  httpClient: HttpClient = createDefaultHttpClient(),
): IncidentsClient {
  const base = incidentsBaseUrl(source);
  const pipeline: Pipeline = createEmptyPipeline();
  if (source.caCertPem) pipeline.addPolicy(tlsPolicy({ ca: source.caCertPem }));
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${armEndpointOf(source)}/.default` }));

  async function send<T>(method: "GET" | "PUT", path: string, body?: unknown, etag?: string): Promise<T> {
    const headers = createHttpHeaders({ accept: "application/json" });
    if (body !== undefined) headers.set("content-type", "application/json");
    if (etag) headers.set("if-match", etag);
    const request = createPipelineRequest({
      url: `${base}/${path}?api-version=${INCIDENTS_API_VERSION}`,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeout: 30_000,
    });
    let response;
    try {
      response = await pipeline.sendRequest(httpClient, request);
    } catch (err) {
      throw toWorkspaceError(err);
    }
    const text = response.bodyAsText ?? "";
    if (response.status >= 400) {
      let message = `HTTP ${response.status}`;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (parsed.error) message = `${parsed.error.code ?? "Error"}: ${parsed.error.message ?? ""}`.trim();
      } catch {
        // A body that is not the ARM error shape: the status says enough.
      }
      if (response.status === 412) throw new WorkspaceError("server", `etag conflict (${message})`, 412);
      throw toWorkspaceError({ statusCode: response.status, message: message.slice(0, 500) });
    }
    if (!text) throw new WorkspaceError("empty_response", `the incidents API answered ${response.status} with no body`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WorkspaceError("server", "the incidents API answered with something other than JSON");
    }
    const etagHeader = response.headers.get("etag");
    if (etagHeader && json && typeof json === "object" && !("etag" in json))
      (json as { etag?: string }).etag = etagHeader;
    return json as T;
  }

  return {
    getIncident: (name) => send<Incident>("GET", segment("incident", name)),
    putIncident: (name, incident, etag) => send<Incident>("PUT", segment("incident", name), incident, etag),
    putComment: (name, commentId, message) =>
      send<IncidentComment>("PUT", `${segment("incident", name)}/comments/${segment("comment", commentId)}`, {
        properties: { message },
      }),
  };
}
