// Decides what kind of web shell alert an alert is (domain.md, "The investigation"): a command
// alert (w3wp.exe spawned something), a file alert (a web-shell-like script appeared), or other.
import { hasAnyTerm, SCRIPT_EXTENSIONS } from "./kql-has";

export const COMMAND_ALERT_NAMES = [
  "Possible IIS web shell",
  "Possible IIS compromise",
  "Suspicious processes indicative of a web shell",
  "A suspicious web script was created",
];
export const FILE_ALERT_NAMES = ["Possible web shell installation"];

export interface ClassifiableAlert {
  providerName: string | null;
  displayName: string | null;
  files: { name: string | null }[];
  /** Entities was not valid JSON (kept as text): no files or processes to go by. */
  entitiesUnreadable?: boolean;
}

export interface Classification {
  kind: "command" | "file" | "other";
  reason: string;
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

export function classifyAlert(alert: ClassifiableAlert): Classification {
  const c = classifyByFields(alert);
  return alert.entitiesUnreadable ? { ...c, reason: `entities unreadable; ${c.reason}` } : c;
}

function classifyByFields(alert: ClassifiableAlert): Classification {
  const provider = lower(alert.providerName);
  if (provider !== "mdatp") {
    return { kind: "other", reason: `provider ${alert.providerName ?? "(none)"} is not Defender for Endpoint (MDATP)` };
  }
  const name = alert.displayName ?? "";
  const scriptFile = alert.files.find(
    (f) => f.name && hasAnyTerm(f.name, SCRIPT_EXTENSIONS) && lower(f.name) !== "w3wp.exe",
  );
  if (FILE_ALERT_NAMES.some((n) => lower(n) === lower(name))) {
    return scriptFile
      ? { kind: "file", reason: `"${name}" with script file ${scriptFile.name}` }
      : { kind: "other", reason: `"${name}" but no script file among its entities` };
  }
  const hasW3wp = alert.files.some((f) => lower(f.name) === "w3wp.exe");
  if (COMMAND_ALERT_NAMES.some((n) => lower(n) === lower(name))) {
    return { kind: "command", reason: `"${name}" is a web shell command alert` };
  }
  if (hasW3wp) return { kind: "command", reason: "its entities include the IIS worker process w3wp.exe" };
  return { kind: "other", reason: "no w3wp.exe and not a web shell alert name" };
}
