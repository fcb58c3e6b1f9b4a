// A query client for one data source: its credential (client secret, or the default Azure
// credential chain), its endpoint (which must end in /v1: 1.0.0 uses it as given), the extra CA it
// trusts, and no SDK retries (run-query.ts retries 429/503 itself, honouring Retry-After).
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { LogsQueryClient } from "@azure/monitor-query-logs";
import type { DataSource } from "../generated/prisma/client";
import { openSecret } from "./secret-box";
import type { WorkspaceHandle } from "./run-query";

export const DEFAULT_QUERY_ENDPOINT = "https://api.loganalytics.io/v1";
export const DEFAULT_ARM_ENDPOINT = "https://management.azure.com";

export type SourceConnection = Pick<
  DataSource,
  | "id"
  | "name"
  | "workspaceId"
  | "tenantId"
  | "authKind"
  | "clientId"
  | "secretCipher"
  | "queryEndpoint"
  | "authorityHost"
  | "caCertPem"
>;

export function tlsOptionsOf(source: Pick<DataSource, "caCertPem">) {
  return source.caCertPem ? { tlsOptions: { ca: source.caCertPem } } : {};
}

export function credentialFor(source: SourceConnection): TokenCredential {
  const common = {
    ...tlsOptionsOf(source),
    ...(source.authorityHost ? { authorityHost: source.authorityHost, disableInstanceDiscovery: true } : {}),
  };
  if (source.authKind === "default_credential") return new DefaultAzureCredential(common);
  if (!source.clientId || !source.secretCipher)
    throw new Error(`data source ${source.name}: a client secret credential needs a client id and a secret`);
  return new ClientSecretCredential(
    source.tenantId,
    source.clientId,
    openSecret(source.secretCipher, source.name),
    common,
  );
}

/** Normalises an endpoint to end in exactly one /v1. */
export function queryEndpointOf(source: Pick<DataSource, "queryEndpoint">): string {
  const base = (source.queryEndpoint ?? DEFAULT_QUERY_ENDPOINT).replace(/\/+$/, "");
  return base.endsWith("/v1") ? base : `${base}/v1`;
}

export function connect(
  source: SourceConnection,
  credential: TokenCredential = credentialFor(source),
): WorkspaceHandle {
  const client = new LogsQueryClient(credential, {
    endpoint: queryEndpointOf(source),
    retryOptions: { maxRetries: 0 },
    ...tlsOptionsOf(source),
  });
  return { sourceId: source.id, workspaceId: source.workspaceId, client };
}
