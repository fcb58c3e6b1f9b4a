// Default-mode enrichment settings. One definition; the CLI and jobs pass overrides.
import { z } from "zod";

export const enrichConfigSchema = z.object({
  /** Command alerts: candidate requests from this long before the process creation… */
  windowBeforeSeconds: z.number().int().min(0).max(3600).default(120),
  /** …to this long after it (IIS logs a request when it completes, so shell requests trail). */
  windowAfterSeconds: z.number().int().min(0).max(3600).default(10),
  /** Rarity: distinct client IPs of a page over this many days before the alert… */
  baselineDays: z.number().int().min(1).max(365).default(30),
  /** …at or below which the page counts as rare. */
  rareThreshold: z.number().int().min(1).max(100).default(3),
  /** File alerts: how far before the file's creation to look for the request that installed it. */
  installLookbackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
});

export type EnrichConfig = z.infer<typeof enrichConfigSchema>;

export const DEFAULT_ENRICH_CONFIG: EnrichConfig = enrichConfigSchema.parse({});

/** A result at or above this confidence is a finding (and joins a case); below, the candidates stay on the alert for triage. */
export const FINDING_MIN_CONFIDENCE = 0.5;

/**
 * Script resources a shell can be. The Sentinel query's list (.js included) serves compat mode;
 * default mode leaves out .js (static in IIS) and adds the ASP.NET handlers and classic ASP that
 * real shells use.
 */
export const DEFAULT_SCRIPT_EXTENSIONS = [
  ".aspx",
  ".asmx",
  ".ashx",
  ".asax",
  ".ascx",
  ".asp",
  ".axd",
  ".cshtml",
  ".php",
  ".jsp",
  ".jspx",
  ".cfm",
  ".shtml",
] as const;

/** Children of w3wp.exe that IIS itself starts: compiling pages, error reporting. */
export const BENIGN_CHILD_IMAGES = new Set(["csc.exe", "vbc.exe", "cvtres.exe", "werfault.exe", "aspnet_compiler.exe"]);
