// The shape of a pivot's answer: what runPivot returns, pivot_runs.result stores and the case
// page reads back. One definition: the types come from these schemas, and a stored result is
// parsed (not cast) when read, so a row written by an older version cannot break the page.
import { z } from "zod";

const text = z.string().nullable();
const iso = z.string();

export const firstAccessSchema = z.object({ time: iso, site: text, uri: text });

export const pivotRequestSchema = z.object({
  time: iso,
  uri: text,
  ip: text,
  userAgent: text,
  method: text,
  status: z.number().int().nullable(),
});

export const timelineEntrySchema = pivotRequestSchema.extend({
  query: text,
  /** POST or PUT. */
  write: z.boolean(),
  /** A write to a script page that looks like a file upload (find-attacker-timeline.ts, isUpload). */
  upload: z.boolean(),
  /** Index into `bursts` when this is a 404 of a probing burst. */
  burst: z.number().int().nullable(),
});

export const attackerTimelineSchema = z.object({
  from: iso,
  to: iso,
  requests: z.array(timelineEntrySchema),
  bursts: z.array(z.object({ index: z.number().int(), start: iso, end: iso, count: z.number().int() })),
  truncated: z.boolean(),
});

export const attackerElsewhereSchema = z.object({
  from: iso,
  to: iso,
  sites: z.array(z.object({ host: text, site: text, requests: z.number().int(), first: iso, last: iso })),
  truncated: z.boolean(),
});

export const pivotResultSchema = z.object({
  firstAccess: firstAccessSchema.nullable(),
  filesBefore: z.array(pivotRequestSchema),
  /** More than FILES_BEFORE_LIMIT requests matched; the oldest are kept. */
  filesBeforeTruncated: z.boolean().default(false),
  timeline: attackerTimelineSchema,
  elsewhere: attackerElsewhereSchema,
});

export type FirstAccess = z.infer<typeof firstAccessSchema>;
export type PivotRequest = z.infer<typeof pivotRequestSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type AttackerTimeline = z.infer<typeof attackerTimelineSchema>;
export type AttackerElsewhere = z.infer<typeof attackerElsewhereSchema>;
export type PivotResult = z.infer<typeof pivotResultSchema>;
