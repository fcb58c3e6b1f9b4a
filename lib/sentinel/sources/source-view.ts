// A data source as the admin page, the API, the CLI and the audit log show it: never the sealed
// secret (secretCipher), only whether there is one. Every reader of data_sources outside the
// connector goes through toSourceView.
import type { DataSource } from "../../generated/prisma/client";
import type { SourceValues } from "../../audit/events";

export interface SourceView {
  id: number;
  name: string;
  workspaceId: string;
  tenantId: string;
  authKind: "client_secret" | "default_credential";
  clientId: string | null;
  hasSecret: boolean;
  queryEndpoint: string | null;
  authorityHost: string | null;
  caCertPem: string | null;
  subscriptionId: string | null;
  resourceGroup: string | null;
  workspaceName: string | null;
  incidentSync: boolean;
  pullIntervalSeconds: number;
  enabled: boolean;
  pullSince: Date | null;
  /** Pull status, as the last pull left it. */
  alertCursor: Date | null;
  lastPullAt: Date | null;
  lastPullRows: number;
  lastPullStored: number;
  /** Totals since the source was added (numbers: BigInt does not survive JSON). */
  alertRowsPulled: number;
  requestRowsFetched: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toSourceView(row: DataSource): SourceView {
  return {
    id: row.id,
    name: row.name,
    workspaceId: row.workspaceId,
    tenantId: row.tenantId,
    authKind: row.authKind,
    clientId: row.clientId,
    hasSecret: row.secretCipher !== null,
    queryEndpoint: row.queryEndpoint,
    authorityHost: row.authorityHost,
    caCertPem: row.caCertPem,
    subscriptionId: row.subscriptionId,
    resourceGroup: row.resourceGroup,
    workspaceName: row.workspaceName,
    incidentSync: row.incidentSync,
    pullIntervalSeconds: row.pullIntervalSeconds,
    enabled: row.enabled,
    pullSince: row.pullSince,
    alertCursor: row.alertCursor,
    lastPullAt: row.lastPullAt,
    lastPullRows: row.lastPullRows,
    lastPullStored: row.lastPullStored,
    alertRowsPulled: Number(row.alertRowsPulled),
    requestRowsFetched: Number(row.requestRowsFetched),
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What an audit entry records of a source: its settings, never the secret. */
export function auditSource(row: DataSource): SourceValues {
  return {
    name: row.name,
    workspaceId: row.workspaceId,
    tenantId: row.tenantId,
    authKind: row.authKind,
    clientId: row.clientId,
    hasSecret: row.secretCipher !== null,
    queryEndpoint: row.queryEndpoint,
    authorityHost: row.authorityHost,
    hasCaCert: row.caCertPem !== null,
    subscriptionId: row.subscriptionId,
    resourceGroup: row.resourceGroup,
    workspaceName: row.workspaceName,
    incidentSync: row.incidentSync,
    pullIntervalSeconds: row.pullIntervalSeconds,
    enabled: row.enabled,
    pullSince: row.pullSince?.toISOString() ?? null,
  };
}
