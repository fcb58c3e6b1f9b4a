// The normalised shape of one SecurityAlert row (a Microsoft Sentinel / MDE alert), whatever
// export format it came from. Field names follow the Alert, AlertHost, AlertFile and
// AlertProcess models in prisma/schema.prisma; the SecurityAlert column each comes from is noted.

import { z } from "zod";

/** A `host` entity (AlertHost). */
export interface AlertHostEntity {
  /** The entity's `$id` within its alert, or a synthetic `inline-N` for an inline object without one. */
  entityId: string;
  /** `HostName` (MDE writes it lower-case, e.g. `web01`). */
  hostName: string | null;
  /** `DnsDomain`. */
  dnsDomain: string | null;
  /** `FQDN`. */
  fqdn: string | null;
}

/** A `file` entity (AlertFile). */
export interface AlertFileEntity {
  entityId: string;
  /** `Name`, e.g. `Setconfigure.aspx`. */
  name: string | null;
  /** `Directory`, e.g. `C:\inetpub\wwwroot\aspnet_client`. */
  directory: string | null;
  /** From `FileHashes` (Algorithm SHA1 / SHA256 / MD5), lower-cased. */
  sha1: string | null;
  sha256: string | null;
  md5: string | null;
  /** `FileHashes` exactly as received ($refs kept), or null when absent. */
  hashes: unknown | null;
}

/** A `process` entity (AlertProcess). */
export interface AlertProcessEntity {
  entityId: string;
  /** `ProcessId`, as text. */
  processId: string | null;
  /** `CommandLine`. */
  commandLine: string | null;
  /** `CreationTimeUtc`: when the process really ran (ms precision). */
  creationTimeUtc: Date | null;
  /** `ImageFile`: the `$ref` value, or the inline file's `$id` (or synthetic id). */
  imageFileRef: string | null;
  /** `ParentProcess`: the `$ref` value, or the inline process's `$id` (or synthetic id). */
  parentRef: string | null;
  /** `Account` resolved to the account entity: `NTDomain\Name`, or `Name` without a domain. */
  accountName: string | null;
  /** `Host`: the `$ref` value, or the inline host's `$id` (or synthetic id). */
  hostRef: string | null;
}

export interface NormalisedEntities {
  hosts: AlertHostEntity[];
  files: AlertFileEntity[];
  processes: AlertProcessEntity[];
  /** Problems that make the alert's entities untrustworthy (the whole row is reported as bad). */
  errors: string[];
  /** References left unresolved (the alert still imports; see normalise-entities.ts). */
  warnings: string[];
}

export interface ParsedAlert {
  /** `SystemAlertId` (unique; several rows may carry one id as the alert is updated). */
  systemAlertId: string;
  providerName: string | null;
  vendorName: string | null;
  productName: string | null;
  /** `DisplayName`, else `AlertName`. */
  displayName: string | null;
  alertName: string | null;
  alertType: string | null;
  /** `AlertSeverity`. */
  severity: string | null;
  status: string | null;
  description: string | null;
  vendorOriginalId: string | null;
  compromisedEntity: string | null;
  /** When Sentinel ingested the alert (ms precision; `raw` keeps the 7-digit string). */
  timeGenerated: Date;
  /** First activity. */
  startTime: Date | null;
  /** Last activity. */
  endTime: Date | null;
  /** From a comma-separated string or a JSON array. */
  tactics: string[];
  techniques: string[];
  /** `ExtendedProperties` parsed (it was a JSON string or already an object). */
  extendedProperties: unknown | null;
  /**
   * `Entities` parsed, exactly as received ($id/$ref kept); its text as received when it is not
   * valid JSON (Sentinel truncates long values), in which case hosts, files and processes are empty.
   */
  entities: unknown[] | string;
  /** Problems the import tolerated, stored on the alert: unresolved `$ref`s, unreadable Entities. */
  warnings: string[];
  /** The whole row as received (keys and strings untouched). */
  raw: Record<string, unknown>;
  hosts: AlertHostEntity[];
  files: AlertFileEntity[];
  processes: AlertProcessEntity[];
}

/** A row that could not be imported; the other rows still are. */
export interface AlertRowError {
  /** 1-based: the line where the row starts (JSON Lines, CSV) or index + 1 (JSON arrays). */
  row: number;
  /** Why, e.g. `SystemAlertId is missing` (shown to the user as `row 3: SystemAlertId is missing`). */
  reason: string;
}

export interface ParseAlertFileResult {
  alerts: ParsedAlert[];
  errors: AlertRowError[];
}

// ---------------------------------------------------------------------------------------------
// Shared value parsing (used for alert columns and entity fields).

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Azure portal exports: `5/14/2024, 10:02:13.123 AM` (month first); AM/PM optional (24-hour).
const US_RE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*([AP])\.?M\.?)?$/i;

function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
): Date | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // Fractions beyond ms are truncated (JS Date keeps ms; raw keeps the exact string).
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC maps years 0-99 to 1900-1999; set the full year explicitly.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null; // e.g. Feb 30
  return date;
}

/**
 * Parses a SecurityAlert time: ISO 8601 (`2026-10-26T07:51:49.1234567Z`; no zone means UTC) or
 * the portal's US format (`5/14/2024, 10:02:13.123 AM`, UTC). Returns null when it is not a date.
 */
export function parseAlertTime(value: string): Date | null {
  const s = value.trim();
  let m = ISO_RE.exec(s);
  if (m) {
    const date = utc(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      m[7],
    );
    if (!date) return null;
    const zone = m[8];
    if (zone && zone.toUpperCase() !== "Z") {
      const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
      if (!zm) return null;
      const hours = Number(zm[2]);
      const minutes = Number(zm[3] ?? 0);
      if (hours > 23 || minutes > 59) return null;
      const offset = (hours * 60 + minutes) * 60_000;
      return new Date(date.getTime() - (zm[1] === "-" ? -offset : offset));
    }
    return date;
  }
  m = US_RE.exec(s);
  if (m) {
    let hour = Number(m[4]);
    const half = m[8]?.toUpperCase();
    if (half) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (half === "P" ? 12 : 0);
    }
    return utc(Number(m[3]), Number(m[1]), Number(m[2]), hour, Number(m[5]), Number(m[6] ?? 0), m[7]);
  }
  return null;
}

/** Quotes a value for an error message, shortened so a huge cell can't flood the report. */
export function quote(value: unknown): string {
  const s = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

// ---------------------------------------------------------------------------------------------
// Row schema: validates a row whose keys are already the canonical SecurityAlert column names.

const MISSING = (input: unknown) => input === undefined || input === null || input === "";

/** Optional text column: text or number (kept as text); null, absent or "" become null. */
const optionalText = z
  .union([z.string(), z.number(), z.null(), z.undefined()], {
    error: (iss) => `must be text, not ${describeType(iss.input)}`,
  })
  .transform((v) => (v === null || v === undefined || v === "" ? null : String(v)));

const requiredText = z
  .union([z.string(), z.number()], {
    error: (iss) => (MISSING(iss.input) ? "is missing" : `must be text, not ${describeType(iss.input)}`),
  })
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, "is missing"));

/** Custom issues carry no path: zod prefixes the column's key, which the caller shows first. */
function fail(ctx: z.RefinementCtx, input: unknown, message: string): typeof z.NEVER {
  ctx.issues.push({ code: "custom", message, input });
  return z.NEVER;
}

/** An optional time column: absent or "" → null; otherwise it must parse as a date. */
const optionalTime = z.unknown().transform((v, ctx): Date | null => {
  if (MISSING(v) || (typeof v === "string" && v.trim() === "")) return null;
  const date = typeof v === "string" ? parseAlertTime(v) : null;
  return date ?? fail(ctx, v, `${quote(v)} is not a date`);
});

const requiredTime = optionalTime.transform((d, ctx): Date => d ?? fail(ctx, d, "is missing"));

/** `Tactics`/`Techniques`: "A, B", a JSON array string `["A","B"]`, or an array. */
const listColumn = z.unknown().transform((v, ctx): string[] => {
  if (MISSING(v)) return [];
  let list: unknown = v;
  if (typeof v === "string") {
    const s = v.trim();
    if (s.startsWith("[")) {
      try {
        list = JSON.parse(s);
      } catch (e) {
        return fail(ctx, v, `is not valid JSON: ${errorMessage(e)}`);
      }
    } else {
      list = s.split(",");
    }
  }
  if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) {
    return fail(ctx, v, `must be a comma-separated text or a list of texts, not ${describeType(v)}`);
  }
  return list.map((x) => x.trim()).filter((x) => x !== "");
});

/** A JSON column that is a string in the table but may already be parsed in a JSON export. */
const jsonColumn = z.unknown().transform((v, ctx): unknown => {
  if (typeof v !== "string") return v ?? null;
  if (v.trim() === "") return null;
  try {
    return JSON.parse(v) as unknown;
  } catch (e) {
    return fail(ctx, v, `is not valid JSON: ${errorMessage(e)}`);
  }
});

export function errorMessage(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** An `Entities` text that is not valid JSON, and the parser's reason. */
export interface UnreadableEntities {
  text: string;
  reason: string;
}

/** The SecurityAlert columns this tool reads. Other columns are kept only in `raw`. */
export const securityAlertRowSchema = z.object({
  SystemAlertId: requiredText,
  ProviderName: optionalText,
  VendorName: optionalText,
  ProductName: optionalText,
  DisplayName: optionalText,
  AlertName: optionalText,
  AlertType: optionalText,
  AlertSeverity: optionalText,
  Status: optionalText,
  Description: optionalText,
  VendorOriginalId: optionalText,
  CompromisedEntity: optionalText,
  TimeGenerated: requiredTime,
  StartTime: optionalTime,
  EndTime: optionalTime,
  Tactics: listColumn,
  Techniques: listColumn,
  ExtendedProperties: jsonColumn,
  Entities: z.unknown().transform((v, ctx): unknown[] | UnreadableEntities => {
    if (typeof v === "string" && v.trim() !== "") {
      try {
        v = JSON.parse(v) as unknown;
      } catch (e) {
        // Truncated by Sentinel or cut by hand: the alert still counts; its text is kept as is.
        return { text: v as string, reason: errorMessage(e) };
      }
    }
    if (MISSING(v) || (typeof v === "string" && v.trim() === "")) return [];
    if (!Array.isArray(v)) return fail(ctx, v, `must be a JSON array, not ${describeType(v)}`);
    return v as unknown[];
  }),
});

export type SecurityAlertRow = z.output<typeof securityAlertRowSchema>;

/** The columns of `securityAlertRowSchema`, in table order. */
export const SECURITY_ALERT_COLUMNS = Object.keys(securityAlertRowSchema.shape) as (keyof SecurityAlertRow)[];
