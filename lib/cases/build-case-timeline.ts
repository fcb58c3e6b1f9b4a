// The intrusion as a sequence of events: first access to the site → recon (files requested
// before the shell) → install (the upload, the file on disk) → first use of the shell → the
// commands it ran → the alerts Defender raised. Derived from the case's findings and alerts and,
// when the attacker pivots have run, from their result. Pure: the case page draws the result as
// a chart and as a list. Values that came from logs or alerts are kept verbatim in `detail`.
import { z } from "zod";

export const TIMELINE_KINDS = ["first_access", "recon", "install", "shell_access", "command", "alert"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  time: Date;
  kind: TimelineKind;
  /** Our words: what happened. */
  label: string;
  /** The logged value it is about (URI, command line, alert name), verbatim; attacker data. */
  detail: string | null;
  /** Where the event comes from, e.g. "finding of alert 12", "pivot run 3". */
  source: string;
}

export interface TimelineInput {
  findings: {
    id: number;
    kind: string;
    shellLocation: string;
    firstShellAccess: Date | null;
    fileCreatedAt: Date | null;
    processCreatedAt: Date | null;
    commandLine: string | null;
    installedVia: { time: string; method: string | null; uri: string } | null;
    alert: { id: number };
  }[];
  alerts: {
    id: number;
    name: string;
    timeGenerated: Date;
    processes: { commandLine: string | null; creationTimeUtc: Date | null; imageName: string | null }[];
  }[];
  /** pivot_runs rows; `result` is read defensively (another module writes it). */
  pivotRuns: { id: number; status: string; result: unknown }[];
}

/** At most this many recon requests: the chart stays readable and the list short. */
export const MAX_RECON_EVENTS = 25;

const time = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a time" });
    return z.NEVER;
  }
  return d;
});
const text = z.string().nullish().catch(null);
// Field names as lib/pivots may write them, or as W3CIISLog names them.
const loggedRequest = z
  .object({
    time: time.optional(),
    timeGenerated: time.optional(),
    TimeGenerated: time.optional(),
    uri: text,
    uriStem: text,
    csUriStem: text,
    method: text,
    csMethod: text,
    query: text,
  })
  .passthrough()
  .transform((r) => ({
    time: r.time ?? r.timeGenerated ?? r.TimeGenerated ?? null,
    uri: r.uri ?? r.uriStem ?? r.csUriStem ?? null,
    method: r.method ?? r.csMethod ?? null,
    query: r.query ?? null,
  }));

function requests(value: unknown): { time: Date; uri: string | null; method: string | null; query: string | null }[] {
  const items = Array.isArray(value) ? value : value == null ? [] : [value];
  return items.flatMap((item) => {
    if (typeof item === "string" || item instanceof Date) {
      const t = time.safeParse(item);
      return t.success ? [{ time: t.data, uri: null, method: null, query: null }] : [];
    }
    const r = loggedRequest.safeParse(item);
    return r.success && r.data.time ? [{ ...r.data, time: r.data.time }] : [];
  });
}

const requestText = (r: { uri: string | null; method: string | null; query: string | null }) =>
  r.uri ? `${r.method ? `${r.method} ` : ""}${r.uri}${r.query ? `?${r.query}` : ""}` : null;

export function buildCaseTimeline(input: TimelineInput): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const seen = new Set<string>();
  const add = (e: TimelineEvent) => {
    const key = `${e.kind}\u0000${e.time.getTime()}\u0000${e.detail ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    events.push(e);
  };

  // The pivots list the first shell request after the files before it (as the notebook does);
  // here that request is the shell access already, not recon.
  const shells = new Set(input.findings.map((f) => f.shellLocation.toLowerCase()));
  for (const run of input.pivotRuns) {
    if (run.status !== "done" || run.result === null || typeof run.result !== "object") continue;
    const result = run.result as Record<string, unknown>;
    for (const r of requests(result.firstAccess)) {
      add({
        time: r.time,
        kind: "first_access",
        label: "Attacker's first request to the site",
        detail: requestText(r),
        source: `pivot run ${run.id}`,
      });
    }
    for (const r of requests(result.filesBefore)
      .filter((r) => !r.uri || !shells.has(r.uri.toLowerCase()))
      .sort((a, b) => a.time.getTime() - b.time.getTime())
      .slice(-MAX_RECON_EVENTS)) {
      add({
        time: r.time,
        kind: "recon",
        label: "Requested before the shell",
        detail: requestText(r),
        source: `pivot run ${run.id}`,
      });
    }
  }

  for (const f of input.findings) {
    const source = `finding of alert ${f.alert.id}`;
    if (f.installedVia) {
      const t = time.safeParse(f.installedVia.time);
      if (t.success) {
        add({
          time: t.data,
          kind: "install",
          label: "Request that most likely installed the shell",
          detail: requestText({ ...f.installedVia, query: null }),
          source,
        });
      }
    }
    if (f.fileCreatedAt) {
      add({ time: f.fileCreatedAt, kind: "install", label: "Shell file created", detail: f.shellLocation, source });
    }
    if (f.firstShellAccess) {
      add({
        time: f.firstShellAccess,
        kind: "shell_access",
        label: "First request to the shell",
        detail: f.shellLocation,
        source,
      });
    }
    if (f.processCreatedAt && f.commandLine) {
      add({
        time: f.processCreatedAt,
        kind: "command",
        label: "Command run by the shell",
        detail: f.commandLine,
        source,
      });
    }
  }

  for (const a of input.alerts) {
    add({ time: a.timeGenerated, kind: "alert", label: "Alert raised", detail: a.name, source: `alert ${a.id}` });
    for (const p of a.processes) {
      // The IIS worker itself is the shell's host process, not a command the shell ran.
      if (!p.commandLine || !p.creationTimeUtc || p.imageName?.toLowerCase() === "w3wp.exe") continue;
      add({
        time: p.creationTimeUtc,
        kind: "command",
        label: "Command run by the shell",
        detail: p.commandLine,
        source: `alert ${a.id}`,
      });
    }
  }

  const order = (k: TimelineKind) => TIMELINE_KINDS.indexOf(k);
  return events.sort((a, b) => a.time.getTime() - b.time.getTime() || order(a.kind) - order(b.kind));
}
