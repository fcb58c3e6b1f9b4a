// "Test connection": signs in and runs the `ping` template over the last day, to tell the admin
// exactly what works — which of the two tables the credential can read — or exactly what failed
// (sign-in, permission, no such workspace, network), in words from describeWorkspaceError. It
// stores nothing but, for a saved source, an audit entry of the outcome (never a secret).
import { get as httpsGet } from "node:https";
import { recordAudit } from "../../audit/record-audit";
import { getPrisma } from "../../db";
import { AppError } from "../../errors";
import type { DataSource } from "../../generated/prisma/client";
import { parseInput } from "../../parse-input";
import { connect, credentialFor, type SourceConnection } from "../connect";
import { ping } from "../kql/templates";
import { runQuery } from "../run-query";
import { sealSecret } from "../secret-box";
import { describeWorkspaceError, toWorkspaceError, WorkspaceError, type WorkspaceErrorKind } from "../workspace-error";
import { auditActorOf, requireSourceAdmin, type SourceActor } from "./source-actor";
import { createSourceSchema, type CreateSourceInput } from "./source-input";
import { requireSourceKey } from "./source-key";

export type SourceTestResult =
  | { ok: true; tables: { SecurityAlert: boolean; W3CIISLog: boolean } }
  | { ok: false; kind: WorkspaceErrorKind | "config"; message: string };

/** How far back the ping looks for a row of each table. */
const PING_SPAN_MS = 24 * 3600_000;
/** Longest the service may take to answer the ping. */
const PING_TIMEOUT_S = 30;

const DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

/** Whether an https URL answers at all: null when it does, else the socket-level failure. */
function unreachable(url: string, ca: string | null): Promise<string | null> {
  return new Promise((resolve) => {
    const req = httpsGet(url, { ...(ca ? { ca } : {}), timeout: 10_000 }, (res) => {
      res.resume();
      resolve(null);
    });
    req.on("timeout", () => req.destroy(new Error("timed out after 10 s")));
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ? `${err.code} ${err.message}` : err.message));
  });
}

// Identity reports an authority it cannot reach as a sign-in failure (MSAL's
// endpoints_resolution_error, no cause attached): when sign-in fails, the authority is asked
// directly, so an unreachable one is named a network problem, not a refused credential.
async function classify(err: unknown, source: SourceConnection): Promise<WorkspaceError> {
  const we = toWorkspaceError(err);
  if (we.kind !== "auth") return we;
  const authority = source.authorityHost ?? DEFAULT_AUTHORITY;
  const down = await unreachable(authority, source.caCertPem);
  if (down) return new WorkspaceError("network", `cannot reach the sign-in endpoint ${authority}: ${down}`);
  return we;
}

async function ping1(source: SourceConnection): Promise<SourceTestResult> {
  let ws;
  try {
    ws = { ...connect(source, credentialFor(source)), serverTimeoutSeconds: PING_TIMEOUT_S };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, kind: "config", message: err.message };
    return { ok: false, kind: "config", message: err instanceof Error ? err.message : String(err) };
  }
  const endTime = new Date();
  try {
    const result = await runQuery(ws, ping.build({}), {
      startTime: new Date(endTime.getTime() - PING_SPAN_MS),
      endTime,
    });
    const seen = new Set(result.rows.map((r) => String(r.Table)));
    return { ok: true, tables: { SecurityAlert: seen.has("SecurityAlert"), W3CIISLog: seen.has("W3CIISLog") } };
  } catch (err) {
    const we = await classify(err, source);
    return { ok: false, kind: we.kind, message: describeWorkspaceError(we) };
  }
}

/** Tests a saved source and records the outcome in the audit log. */
export async function testSource(actor: SourceActor, id: number): Promise<SourceTestResult> {
  requireSourceAdmin(actor);
  const row: DataSource | null = await getPrisma().dataSource.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `No data source #${id}.`);
  const result = await ping1(row);
  await getPrisma().$transaction((tx) =>
    recordAudit(tx, {
      actor: auditActorOf(actor),
      entityType: "source",
      entityId: row.id,
      action: "source.test",
      after: result.ok ? { ok: true, tables: result.tables } : { ok: false, kind: result.kind },
    }),
  );
  return result;
}

/** Tests settings not saved yet (the new-source form). Nothing is stored or audited. */
export async function testConnection(actor: SourceActor, input: CreateSourceInput): Promise<SourceTestResult> {
  requireSourceAdmin(actor);
  const s = parseInput(createSourceSchema, input);
  const secretCipher =
    s.authKind === "client_secret" && s.secret !== undefined ? sealSecret(s.secret, s.name, requireSourceKey()) : null;
  return ping1({
    id: 0,
    name: s.name,
    workspaceId: s.workspaceId,
    tenantId: s.tenantId,
    authKind: s.authKind,
    clientId: s.clientId ?? null,
    secretCipher,
    queryEndpoint: s.queryEndpoint ?? null,
    authorityHost: s.authorityHost ?? null,
    caCertPem: s.caCertPem ?? null,
  });
}
