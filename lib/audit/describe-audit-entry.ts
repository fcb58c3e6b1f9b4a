// One audit entry in words, for the case's activity feed and the global audit page: what
// happened (our words) and the values before and after (as recorded, shown as text).
export interface AuditDescription {
  /** e.g. "moved the case from triage to investigating". */
  summary: string;
  /** Recorded values worth showing verbatim (a note's text, a dismissal reason, tags). */
  details: { label: string; value: string }[];
}

type Json = unknown;

const obj = (v: Json): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const person = (v: unknown): string | null => {
  const p = obj(v);
  return str(p.name) || str(p.email);
};
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const label = (v: string | null) => (v ? v.replaceAll("_", " ") : "none");

const attackerText = (v: unknown) => {
  const a = obj(v);
  return [str(a.ip) ?? "no IP", str(a.userAgent)].filter(Boolean).join(" ");
};

/** A finding's fields before → after, for the ones that changed (the attackers as added/removed). */
function findingChanges(before: Record<string, unknown>, after: Record<string, unknown>): AuditDescription["details"] {
  const details: AuditDescription["details"] = [];
  const fields: [string, string][] = [
    ["hostName", "Host"],
    ["site", "Site"],
    ["shellLocation", "Shell location"],
    ["commandLine", "Command line"],
    ["firstShellAccess", "First shell access"],
    ["confidence", "Confidence"],
  ];
  for (const [key, name] of fields) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      details.push({ label: name, value: `${str(before[key]) ?? "none"} → ${str(after[key]) ?? "none"}` });
    }
  }
  const was = Array.isArray(before.attackers) ? before.attackers.map(attackerText) : [];
  const now = Array.isArray(after.attackers) ? after.attackers.map(attackerText) : [];
  const added = now.filter((a) => !was.includes(a));
  const removed = was.filter((a) => !now.includes(a));
  if (added.length) details.push({ label: "Attackers added", value: added.join(", ") });
  if (removed.length) details.push({ label: "Attackers removed", value: removed.join(", ") });
  if (JSON.stringify(before.installedVia) !== JSON.stringify(after.installedVia)) {
    const via = obj(after.installedVia);
    details.push({
      label: "Installed via",
      value: via.uri ? `${str(via.method) ?? ""} ${str(via.uri)}`.trim() : "none",
    });
  }
  return details;
}

export function describeAuditEntry(entry: {
  action: string;
  entityType: string;
  entityId: string;
  before: Json;
  after: Json;
}): AuditDescription {
  const before = obj(entry.before);
  const after = obj(entry.after);
  const details: AuditDescription["details"] = [];
  switch (entry.action) {
    case "case.create":
      return { summary: `opened the case on ${str(after.hostName) ?? "its host"}`, details };
    case "case.status": {
      const from = str(before.status);
      const to = str(after.status);
      if (to === "closed") {
        if (str(after.conclusion)) details.push({ label: "Conclusion", value: str(after.conclusion)! });
        return { summary: `closed the case as ${label(str(after.classification))}`, details };
      }
      if (from === "closed") {
        if (str(before.conclusion)) details.push({ label: "Previous conclusion", value: str(before.conclusion)! });
        return { summary: `reopened the case to ${to}`, details };
      }
      return { summary: `moved the case from ${from ?? "unknown"} to ${to ?? "unknown"}`, details };
    }
    case "case.owner": {
      const to = person(entry.after);
      return { summary: to ? `assigned the case to ${to}` : "unassigned the case", details };
    }
    case "case.severity":
      return {
        summary: `changed severity from ${str(entry.before) ?? "none"} to ${str(entry.after) ?? "none"}`,
        details,
      };
    case "case.tags": {
      const was = list(entry.before);
      const now = list(entry.after);
      const added = now.filter((t) => !was.includes(t));
      const removed = was.filter((t) => !now.includes(t));
      if (added.length) details.push({ label: "Added", value: added.join(", ") });
      if (removed.length) details.push({ label: "Removed", value: removed.join(", ") });
      return { summary: "changed the tags", details };
    }
    case "case.title":
      details.push({ label: "Title", value: str(entry.after) ?? "" });
      return { summary: "renamed the case", details };
    case "case.watch":
      return { summary: "started watching the case", details };
    case "case.unwatch":
      return { summary: "stopped watching the case", details };
    case "alert.add_to_case": {
      const from = str(before.caseNumber);
      return { summary: `added alert #${entry.entityId}${from ? ` (moved from ${from})` : ""}`, details };
    }
    case "alert.dismiss":
      if (str(after.reason)) details.push({ label: "Reason", value: str(after.reason)! });
      return { summary: `dismissed alert #${entry.entityId}`, details };
    case "alert.re_enrich":
      return { summary: `asked to enrich alert #${entry.entityId} again`, details };
    case "note.create":
      if (str(after.body)) details.push({ label: "Text", value: str(after.body)! });
      return { summary: `added a ${str(after.kind) === "note" ? "note" : "comment"}`, details };
    case "note.edit":
      if (str(after.body)) details.push({ label: "New text", value: str(after.body)! });
      return { summary: `edited note #${entry.entityId}`, details };
    case "note.delete":
      return { summary: `deleted note #${entry.entityId}`, details };
    case "task.assign": {
      const to = person(after.assignee);
      const key = str(after.key) ?? `#${entry.entityId}`;
      return { summary: to ? `assigned task ${key} to ${to}` : `unassigned task ${key}`, details };
    }
    case "task.complete":
      return { summary: `completed task ${str(after.key) ?? `#${entry.entityId}`}`, details };
    case "task.uncomplete":
      return { summary: `marked task ${str(after.key) ?? `#${entry.entityId}`} not done`, details };
    case "finding.create":
      return {
        summary: `found the shell ${str(after.shellLocation) ?? "?"} for alert #${str(after.alertId) ?? "?"}`,
        details,
      };
    case "finding.change":
      details.push(...findingChanges(before, after));
      return { summary: `updated the finding of alert #${str(after.alertId) ?? "?"}`, details };
    case "finding.delete":
      return {
        summary: `removed the finding of alert #${str(before.alertId) ?? "?"} (no confident shell any more)`,
        details,
      };
    case "pivot.run": {
      const by = [str(after.ip) && "IP", str(after.userAgent) && "user agent"].filter(Boolean).join(" and ");
      if (str(after.ip)) details.push({ label: "IP", value: str(after.ip)! });
      if (str(after.userAgent)) details.push({ label: "User agent", value: str(after.userAgent)! });
      return {
        summary: `ran pivot #${entry.entityId} by ${by || "attacker"} over ${str(after.window) ?? "the default window"}${after.allRequests === true ? ", every request" : ""}`,
        details,
      };
    }
    case "source.create":
      return { summary: `added the data source ${str(after.name) ?? `#${entry.entityId}`}`, details };
    case "source.update":
      if (after.secretChanged === true) details.push({ label: "Secret", value: "replaced" });
      return { summary: `changed the data source ${str(after.name) ?? `#${entry.entityId}`}`, details };
    case "source.delete":
      return { summary: `deleted the data source ${str(before.name) ?? `#${entry.entityId}`}`, details };
    case "source.test":
      return {
        summary: `tested data source #${entry.entityId}: ${after.ok === true ? "connected" : `failed (${label(str(after.kind))})`}`,
        details,
      };
    default:
      return { summary: `${entry.action} on ${entry.entityType} ${entry.entityId}`, details };
  }
}
