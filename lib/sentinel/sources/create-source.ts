// Adds a data source and its audit entry in one transaction (admins and the local operator only).
// The secret is sealed before the transaction opens, bound to the source's name; the audit entry
// records that there is one, never what it is.
import { recordAudit } from "../../audit/record-audit";
import { getPrisma } from "../../db";
import { AppError } from "../../errors";
import { parseInput } from "../../parse-input";
import { isUniqueViolation } from "../../users/unique-violation";
import { sealSecret } from "../secret-box";
import { afterSourcesChanged } from "./after-sources-changed";
import { auditActorOf, requireSourceAdmin, type SourceActor } from "./source-actor";
import { createSourceSchema, type CreateSourceInput, type SourceFields } from "./source-input";
import { requireSourceKey } from "./source-key";
import { auditSource, toSourceView, type SourceView } from "./source-view";

/** The columns a source's settings are stored in (the secret apart). */
export function sourceColumns(s: SourceFields) {
  const arm = s.subscriptionId && s.resourceGroup && s.workspaceName;
  return {
    name: s.name,
    workspaceId: s.workspaceId,
    tenantId: s.tenantId,
    authKind: s.authKind,
    clientId: s.clientId ?? null,
    queryEndpoint: s.queryEndpoint ?? null,
    authorityHost: s.authorityHost ?? null,
    caCertPem: s.caCertPem ?? null,
    subscriptionId: arm ? s.subscriptionId! : null,
    resourceGroup: arm ? s.resourceGroup! : null,
    workspaceName: arm ? s.workspaceName! : null,
    incidentSync: s.incidentSync,
    pullIntervalSeconds: s.pullIntervalSeconds,
    enabled: s.enabled,
    pullSince: s.pullSince ?? null,
  };
}

export function nameTaken(name: string): AppError {
  return new AppError("conflict", `A data source named ${name} already exists.`);
}

export async function createSource(actor: SourceActor, input: CreateSourceInput): Promise<SourceView> {
  requireSourceAdmin(actor);
  const data = parseInput(createSourceSchema, input);
  const key = requireSourceKey();
  const secretCipher =
    data.authKind === "client_secret" && data.secret !== undefined ? sealSecret(data.secret, data.name, key) : null;
  let view: SourceView;
  try {
    view = await getPrisma().$transaction(async (tx) => {
      const row = await tx.dataSource.create({ data: { ...sourceColumns(data), secretCipher } });
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        entityType: "source",
        entityId: row.id,
        action: "source.create",
        after: auditSource(row),
      });
      return toSourceView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(data.name);
    throw err;
  }
  await afterSourcesChanged();
  return view;
}
