// The one place that runs a query in a workspace. Each call: waits for one of the source's
// MAX_CONCURRENT slots (the service allows 5 concurrent queries per user), sends the query with
// its timespan as an object (1.0.0 refuses strings), retries 429 and 503 itself honouring
// Retry-After (the client's own retries are off, so the wait is ours and bounded), and returns
// plain rows (objects by column name; datetime cells as Date, dynamic cells parsed) or throws a
// WorkspaceError. A PartialFailure returns its rows with `partial` set: callers store what came
// back and mark the coverage incomplete.
import { LogsQueryResultStatus, type LogsQueryClient } from "@azure/monitor-query-logs";
import { logger } from "../logger";
import type { KqlQuery } from "./kql/template";
import { toWorkspaceError, WorkspaceError } from "./workspace-error";

export const MAX_CONCURRENT = 5;
/** How often a 429/503 is retried before giving up. */
export const THROTTLE_RETRIES = 5;
/** Longest Retry-After honoured; a longer one fails the query as throttled. */
export const MAX_RETRY_AFTER_MS = 120_000;

export interface WorkspaceHandle {
  sourceId: number;
  workspaceId: string;
  client: LogsQueryClient;
  /** Server-side timeout asked of the service, seconds (at most 600). */
  serverTimeoutSeconds?: number;
}

export interface QueryRows {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** Set when the service answered PartialError: the rows are what came back. */
  partial: { code: string; message: string } | null;
}

export interface Timespan {
  startTime: Date;
  endTime: Date;
}

// Per-source semaphores, per process. Workers and web each hold their own; the queue layout
// (docs/sentinel.md) keeps one process querying a source at a time in practice.
const slots = new Map<number, { active: number; waiting: (() => void)[] }>();

async function acquire(sourceId: number): Promise<() => void> {
  let s = slots.get(sourceId);
  if (!s) slots.set(sourceId, (s = { active: 0, waiting: [] }));
  const state = s;
  if (state.active >= MAX_CONCURRENT) await new Promise<void>((resolve) => state.waiting.push(resolve));
  else state.active++;
  return () => {
    const next = state.waiting.shift();
    if (next) next();
    else state.active--;
  };
}

/** Peak concurrent queries seen per source since the process started (tests read it). */
export function activeQueries(sourceId: number): number {
  return slots.get(sourceId)?.active ?? 0;
}

function retryAfterMs(err: unknown): number | null {
  const headers = (err as { response?: { headers?: { get(name: string): string | undefined } } }).response?.headers;
  const v = headers?.get("retry-after");
  if (!v) return null;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runQuery(ws: WorkspaceHandle, query: KqlQuery, timespan: Timespan): Promise<QueryRows> {
  const t = await runQueryTable(ws, query, timespan);
  const names = t.columns.map((c) => c.name);
  return {
    columns: t.columns,
    rows: t.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))),
    partial: t.partial,
  };
}

export interface QueryTable extends Omit<QueryRows, "rows"> {
  /** The client's rows as they come: one array per row, cells in column order. */
  rows: unknown[][];
}

/** runQuery without the rows made objects: for callers that read many rows by column index. */
export async function runQueryTable(ws: WorkspaceHandle, query: KqlQuery, timespan: Timespan): Promise<QueryTable> {
  const release = await acquire(ws.sourceId);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await ws.client.queryWorkspace(ws.workspaceId, query.text, timespan, {
          serverTimeoutInSeconds: ws.serverTimeoutSeconds ?? 180,
        });
        const success = result.status === LogsQueryResultStatus.Success;
        const table = success ? result.tables[0] : result.partialTables[0];
        const err = success ? null : (result.partialError as { code?: string; message?: string } | undefined);
        return {
          columns: (table?.columnDescriptors ?? []).map((c) => ({ name: c.name ?? "", type: String(c.type ?? "") })),
          rows: (table?.rows ?? []) as unknown[][],
          partial: success
            ? null
            : { code: err?.code ?? "PartialError", message: (err?.message ?? "partial result").slice(0, 500) },
        };
      } catch (err) {
        const we = toWorkspaceError(err);
        if (we.kind === "throttled" && attempt < THROTTLE_RETRIES) {
          const wait = retryAfterMs(err) ?? Math.min(MAX_RETRY_AFTER_MS, 1000 * 2 ** attempt);
          if (wait <= MAX_RETRY_AFTER_MS) {
            logger.warn("workspace throttled; waiting", {
              sourceId: ws.sourceId,
              template: query.template,
              waitMs: wait,
            });
            await sleep(wait);
            continue;
          }
        }
        throw we;
      }
    }
  } finally {
    release();
  }
}

export { WorkspaceError };
