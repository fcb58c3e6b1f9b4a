// `sources list|add|test|remove`: data sources (Log Analytics workspaces) from the command line,
// as the local operator (audited as the system, like `user` commands). A secret is never taken
// from the command line, where the shell history and the process list would keep it: only from a
// file (--secret-file) or stdin (--secret-stdin). SOURCE_SECRET_KEY is checked before anything.
import { readFile } from "node:fs/promises";
import { AppError } from "../lib/errors";
import { checkSourceKey } from "../lib/sentinel/sources/check-source-key";
import { createSource } from "../lib/sentinel/sources/create-source";
import { deleteSource } from "../lib/sentinel/sources/delete-source";
import { findSources } from "../lib/sentinel/sources/find-sources";
import { localOperator } from "../lib/sentinel/sources/source-actor";
import { sourceIdSchema, type CreateSourceInput } from "../lib/sentinel/sources/source-input";
import type { SourceView } from "../lib/sentinel/sources/source-view";
import { testSource } from "../lib/sentinel/sources/test-source";
import { cliStartedBy } from "./cli-started-by";
import { readPassword } from "./read-password";
import { UsageError } from "./usage-error";

export interface SourceCommandOptions {
  name?: string;
  workspace?: string;
  tenant?: string;
  clientId?: string;
  secret?: string;
  secretFile?: string;
  secretStdin: boolean;
  defaultCredential: boolean;
  endpoint?: string;
  authorityHost?: string;
  caFile?: string;
  subscription?: string;
  resourceGroup?: string;
  workspaceName?: string;
  incidentSync: boolean;
  interval?: string;
  disabled: boolean;
  since?: string;
}

type Out = (doc: unknown, human: string) => void;

/** Which flag sets each field, so that a refusal names what to change on the command line. */
const FLAGS: Record<string, string> = {
  name: "--name",
  workspaceId: "--workspace",
  tenantId: "--tenant",
  clientId: "--client-id",
  secret: "--secret-file/--secret-stdin",
  queryEndpoint: "--endpoint",
  authorityHost: "--authority-host",
  caCertPem: "--ca-file",
  subscriptionId: "--subscription",
  resourceGroup: "--resource-group",
  workspaceName: "--workspace-name",
  incidentSync: "--incident-sync",
  pullIntervalSeconds: "--interval",
  pullSince: "--since",
};

function id(value: string | undefined, command: string): number {
  const parsed = sourceIdSchema.safeParse(value);
  if (value === undefined || !parsed.success) throw new UsageError(`sources ${command} needs a source id (a number)`);
  return parsed.data;
}

function describe(s: SourceView): string {
  const status = [
    s.enabled ? "enabled" : "disabled",
    s.incidentSync ? "incident sync on" : null,
    s.lastPullAt
      ? `last pull ${s.lastPullAt.toISOString()} (${s.lastPullRows} rows, ${s.lastPullStored} stored)`
      : "never pulled",
    s.lastError ? `LAST ERROR ${s.lastErrorAt?.toISOString() ?? ""}: ${s.lastError}` : null,
  ].filter(Boolean);
  return `#${s.id} ${s.name}  workspace ${s.workspaceId}  ${s.authKind}${s.hasSecret ? " (secret stored)" : ""}  every ${s.pullIntervalSeconds}s  ${status.join(", ")}`;
}

async function secretOf(options: SourceCommandOptions): Promise<string | undefined> {
  if (options.secretFile !== undefined && options.secretStdin)
    throw new UsageError("give the secret with --secret-file or --secret-stdin, not both");
  if (options.secretFile !== undefined) {
    const text = await readFile(options.secretFile, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(
        `--secret-file ${options.secretFile}: ${err.code === "ENOENT" ? "no such file" : err.message}`,
      );
    });
    return text.replace(/\r?\n$/, "");
  }
  if (options.secretStdin) return readPassword({ fromStdin: true });
  return undefined;
}

async function addInput(options: SourceCommandOptions): Promise<CreateSourceInput> {
  if (options.name === undefined) throw new UsageError("sources add needs --name");
  if (options.workspace === undefined) throw new UsageError("sources add needs --workspace (the workspace id)");
  if (options.tenant === undefined) throw new UsageError("sources add needs --tenant (the tenant id)");
  const secret = await secretOf(options);
  if (options.defaultCredential && secret !== undefined)
    throw new UsageError("--default-credential signs in without a secret: drop --secret-file/--secret-stdin");
  if (!options.defaultCredential && (options.clientId === undefined || secret === undefined))
    throw new UsageError(
      "sources add needs --client-id and a secret (--secret-file PATH or --secret-stdin), or --default-credential",
    );
  const caCertPem =
    options.caFile === undefined
      ? undefined
      : await readFile(options.caFile, "utf8").catch((err: NodeJS.ErrnoException) => {
          throw new UsageError(`--ca-file ${options.caFile}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
        });
  return {
    name: options.name,
    workspaceId: options.workspace,
    tenantId: options.tenant,
    authKind: options.defaultCredential ? "default_credential" : "client_secret",
    clientId: options.clientId,
    secret,
    queryEndpoint: options.endpoint,
    authorityHost: options.authorityHost,
    caCertPem,
    subscriptionId: options.subscription,
    resourceGroup: options.resourceGroup,
    workspaceName: options.workspaceName,
    incidentSync: options.incidentSync,
    pullIntervalSeconds: options.interval,
    enabled: !options.disabled,
    pullSince: options.since,
  };
}

/** A refusal of the lib's schema ("workspaceId: …") told with the flag that sets the field. */
function withFlags(message: string): string {
  return message.replace(/(^|; )([A-Za-z]+): /g, (m, sep: string, field: string) =>
    FLAGS[field] ? `${sep}${FLAGS[field]}: ` : m,
  );
}

export async function runSourceCommand(
  sub: string | undefined,
  args: string[],
  options: SourceCommandOptions,
  out: Out,
): Promise<number> {
  if (options.secret !== undefined)
    throw new UsageError(
      "--secret is refused: a secret on the command line stays in the shell history and the process list. Use --secret-file PATH or --secret-stdin.",
    );
  const actor = localOperator(cliStartedBy());
  const expected = sub === "test" || sub === "remove" ? 1 : 0;
  if (args.length !== expected)
    throw new UsageError(`unexpected argument: ${args.slice(expected).join(" ") || "(none)"}`);
  // A missing or wrong key is named before anything is read or written.
  await checkSourceKey();
  if (sub === "list") {
    const sources = await findSources(actor);
    out(
      sources,
      sources.length === 0 ? "no data sources yet: add one with `sources add`" : sources.map(describe).join("\n"),
    );
    return 0;
  }
  if (sub === "add") {
    const input = await addInput(options);
    let source: SourceView;
    try {
      source = await createSource(actor, input);
    } catch (err) {
      if (err instanceof AppError && err.code === "bad_request") throw new UsageError(withFlags(err.message));
      throw err;
    }
    out(source, `added data source ${describe(source)}`);
    return 0;
  }
  if (sub === "test") {
    const sourceId = id(args[0], "test");
    const result = await testSource(actor, sourceId);
    out(
      { id: sourceId, ...result },
      result.ok
        ? `source #${sourceId}: connected; SecurityAlert ${result.tables.SecurityAlert ? "has rows" : "no rows"}, W3CIISLog ${result.tables.W3CIISLog ? "has rows" : "no rows"} (last 24 hours)`
        : `source #${sourceId}: ${result.kind}: ${result.message}`,
    );
    return result.ok ? 0 : 1;
  }
  if (sub === "remove") {
    const source = await deleteSource(actor, id(args[0], "remove"));
    out(source, `removed data source #${source.id} ${source.name}`);
    return 0;
  }
  throw new UsageError(`unknown command: sources ${sub ?? ""}`.trim());
}
