// Parity where the data lives: runs the two original hunting queries (their exact text,
// lib/sentinel/kql/hunting.ts) in a source's workspace and Shellcase's port of them
// (./load-compat-input.ts) over its own store, for the same time range, and pairs their rows.
// A row is matched by the query's own group-by columns; the other columns are compared, and each
// pair is marked same or differs (naming the columns), or the row is marked as found on one side
// only. Differences are expected where Shellcase holds only the windows it fetched (logs on
// demand): a baseline counted over fewer requests, a file group with fewer requests.
import { getPrisma } from "../db";
import { connect } from "../sentinel/connect";
import { runQuery } from "../sentinel/run-query";
import { COMMAND_ALERT_ENRICHMENT, FILE_ALERT_ENRICHMENT, type HuntingQuery } from "../sentinel/kql/hunting";
import { WorkspaceError } from "../sentinel/workspace-error";
import { evaluateSentinelCompat } from "./load-compat-input";
import type { CommandCompatRow, FileCompatRow } from "./sentinel-compat";

export type RowStatus = "same" | "differs" | "workspace-only" | "shellcase-only";

export interface ComparedRow<T> {
  status: RowStatus;
  workspace: T | null;
  shellcase: T | null;
  /** Columns whose values differ (status "differs"). */
  differences: string[];
}

export interface QueryComparison<T> {
  id: string;
  name: string;
  workspaceRows: number;
  shellcaseRows: number;
  /** The service's PartialError, when its answer was cut: its rows are then not all of them. */
  partial: string | null;
  counts: Record<RowStatus, number>;
  rows: ComparedRow<T>[];
}

export interface WorkspaceCompatReport {
  source: { id: number; name: string };
  from: string;
  to: string;
  commandAlertEnrichment: QueryComparison<CommandCompatRow>;
  fileAlertEnrichment: QueryComparison<FileCompatRow>;
}

export interface Shape<T> {
  /** The query's group-by columns: one row per value of these. */
  key: (r: T) => unknown[];
  /** The other columns, compared once rows are paired. */
  values: (keyof T & string)[];
  /** Rows are listed by this (time first), as the port orders its own. */
  order: (r: T) => string[];
}

export const COMMAND_SHAPE: Shape<CommandCompatRow> = {
  key: (r) => [r.ShellLocation, r.ShellName, r.ParentProcess, r.CommandLine, r.HostName, r.IPCustomEntity, r.timestamp],
  values: ["Site", "Attacker", "PageAccessed", "dcount_SourceIP"],
  order: (r) => [r.timestamp, r.HostName, r.ShellLocation, r.CommandLine, r.IPCustomEntity, r.ParentProcess],
};

export const FILE_SHAPE: Shape<FileCompatRow> = {
  key: (r) => [r.ShellLocation, r.AttackerIP, r.AttackerUserAgent, r.SiteName],
  values: ["StartTime", "EndTime", "timestamp", "IPCustomEntity"],
  order: (r) => [r.StartTime, r.ShellLocation, r.AttackerIP, r.AttackerUserAgent, r.SiteName],
};

/** A value in a form where equal means equal: sets sorted (make_set has no order), objects' keys sorted. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return JSON.stringify(v.map(canonical).sort());
  if (v && typeof v === "object")
    return JSON.stringify(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return JSON.stringify(v ?? null);
}

/** Pairs two answers of one query row by row. Exported for its unit test. */
export function compareRows<T>(shape: Shape<T>, workspace: T[], shellcase: T[]): ComparedRow<T>[] {
  const keyOf = (r: T) => canonical(shape.key(r));
  const mine = new Map<string, T[]>();
  for (const r of shellcase) {
    const k = keyOf(r);
    mine.set(k, [...(mine.get(k) ?? []), r]);
  }
  const out: ComparedRow<T>[] = [];
  for (const w of workspace) {
    const k = keyOf(w);
    const s = mine.get(k)?.shift();
    if (!s) {
      out.push({ status: "workspace-only", workspace: w, shellcase: null, differences: [] });
      continue;
    }
    const differences = shape.values.filter((c) => canonical(w[c as keyof T]) !== canonical(s[c as keyof T]));
    out.push({ status: differences.length ? "differs" : "same", workspace: w, shellcase: s, differences });
  }
  for (const rest of mine.values())
    for (const s of rest) out.push({ status: "shellcase-only", workspace: null, shellcase: s, differences: [] });
  const orderOf = (r: ComparedRow<T>) => shape.order((r.workspace ?? r.shellcase)!);
  return out.sort((a, b) => {
    const [x, y] = [orderOf(a), orderOf(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}

const iso = (v: unknown): string => {
  const t = v instanceof Date ? v.getTime() : typeof v === "string" ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? String(v ?? "") : new Date(t).toISOString();
};
const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/** A row of the workspace's answer (the query client's cells) as the port types it. */
export function commandRowOf(r: Record<string, unknown>): CommandCompatRow {
  const site = r.Site;
  const attacker = r.Attacker;
  return {
    Site: Array.isArray(site) ? site.map(text) : site === null || site === undefined ? [] : [text(site)],
    ShellLocation: text(r.ShellLocation),
    ShellName: text(r.ShellName),
    ParentProcess: text(r.ParentProcess),
    CommandLine: text(r.CommandLine),
    Attacker:
      attacker && typeof attacker === "object" && !Array.isArray(attacker)
        ? Object.fromEntries(Object.entries(attacker).map(([k, v]) => [k, text(v)]))
        : {},
    HostName: text(r.HostName),
    IPCustomEntity: text(r.IPCustomEntity),
    timestamp: iso(r.timestamp),
    PageAccessed: text(r.PageAccessed),
    dcount_SourceIP: Number(r.dcount_SourceIP ?? 0),
  };
}

export function fileRowOf(r: Record<string, unknown>): FileCompatRow {
  return {
    StartTime: iso(r.StartTime),
    EndTime: iso(r.EndTime),
    AttackerIP: text(r.AttackerIP),
    AttackerUserAgent: text(r.AttackerUserAgent),
    SiteName: text(r.SiteName),
    ShellLocation: text(r.ShellLocation),
    timestamp: iso(r.timestamp),
    IPCustomEntity: text(r.IPCustomEntity),
  };
}

function comparison<T>(q: HuntingQuery, shape: Shape<T>, workspace: T[], shellcase: T[], partial: string | null) {
  const rows = compareRows(shape, workspace, shellcase);
  const counts: Record<RowStatus, number> = { same: 0, differs: 0, "workspace-only": 0, "shellcase-only": 0 };
  for (const r of rows) counts[r.status]++;
  return {
    id: q.id,
    name: q.name,
    workspaceRows: workspace.length,
    shellcaseRows: shellcase.length,
    partial,
    counts,
    rows,
  } satisfies QueryComparison<T>;
}

/**
 * Both hunting queries in the workspace of `sourceId` over [from, to) (the query API's timespan:
 * every table the queries read is limited to it), beside Shellcase's evaluation of the same
 * range over its own store.
 */
export async function compareWorkspaceCompat(
  sourceId: number,
  range: { from: Date; to: Date },
): Promise<WorkspaceCompatReport> {
  const row = await getPrisma().dataSource.findUnique({ where: { id: sourceId } });
  if (!row) throw new WorkspaceError("not_found", `data source ${sourceId} does not exist`);
  const ws = connect(row);
  const timespan = { startTime: range.from, endTime: range.to };
  const [command, file, local] = await Promise.all([
    runQuery(ws, { template: "hunting-command", params: {}, text: COMMAND_ALERT_ENRICHMENT.text }, timespan),
    runQuery(ws, { template: "hunting-file", params: {}, text: FILE_ALERT_ENRICHMENT.text }, timespan),
    evaluateSentinelCompat(range),
  ]);
  const partial = (p: { code: string; message: string } | null) => (p ? `${p.code}: ${p.message}` : null);
  return {
    source: { id: row.id, name: row.name },
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    commandAlertEnrichment: comparison(
      COMMAND_ALERT_ENRICHMENT,
      COMMAND_SHAPE,
      command.rows.map(commandRowOf),
      local.commandAlertEnrichment,
      partial(command.partial),
    ),
    fileAlertEnrichment: comparison(
      FILE_ALERT_ENRICHMENT,
      FILE_SHAPE,
      file.rows.map(fileRowOf),
      local.fileAlertEnrichment,
      partial(file.partial),
    ),
  };
}
