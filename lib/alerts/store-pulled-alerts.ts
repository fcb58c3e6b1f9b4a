// Stores SecurityAlert rows read from a workspace exactly as an imported file's rows are stored:
// the same parser (so a pulled alert and the same alert in an export are one row), one alert per
// SystemAlertId with the newest TimeGenerated winning, enrichment queued for what changed (the
// reconciler queues it later when Redis is away). Each alert remembers its source and when it
// reached the workspace.
import { Readable } from "node:stream";
import { getPool } from "../db";
import { parseAlertStream } from "./parse-alert-file";
import { storeAlerts, type StoreOutcome } from "./store-alerts";
import type { ParsedAlert } from "./parsed-alert";
import { requestEnrichment } from "../enrich/request-enrichment";

export interface PulledAlertsResult {
  counts: Record<StoreOutcome, number>;
  /** Rows the parser refused, with their position in this pull and why. */
  errors: { row: number; reason: string }[];
  enrichmentQueued: boolean;
}

/** `rows` as the service's JSON (datetimes ISO strings, dynamic values as JSON text); `ingestedAt` by SystemAlertId. */
export async function storePulledAlerts(
  rows: Record<string, unknown>[],
  sourceId: number,
  sourceName: string,
  ingestedAt: Map<string, Date>,
): Promise<PulledAlertsResult> {
  const result: PulledAlertsResult = {
    counts: { imported: 0, updated: 0, unchanged: 0 },
    errors: [],
    enrichmentQueued: true,
  };
  if (!rows.length) return result;
  const newest = new Map<string, ParsedAlert>();
  for await (const item of parseAlertStream(Readable.from([JSON.stringify(rows)]), `workspace ${sourceName}`)) {
    if ("reason" in item) {
      result.errors.push(item);
      continue;
    }
    const seen = newest.get(item.alert.systemAlertId);
    if (!seen || seen.timeGenerated.getTime() < item.alert.timeGenerated.getTime())
      newest.set(item.alert.systemAlertId, item.alert);
  }
  const alerts = [...newest.values()];
  const changed: number[] = [];
  for (let i = 0; i < alerts.length; i += 200) {
    const batch = alerts.slice(i, i + 200);
    const stored = await storeAlerts(batch, null);
    stored.forEach(({ outcome, id }) => {
      result.counts[outcome]++;
      if (outcome !== "unchanged") changed.push(id);
    });
    // Where it came from: set for new and updated rows (an unchanged one keeps its first source).
    const touched = stored.flatMap((s, j) => (s.outcome === "unchanged" ? [] : [{ id: s.id, a: batch[j]! }]));
    if (touched.length) {
      await getPool().query(
        `UPDATE alerts a SET source_id = $1, ingested_at = r.ingested_at
           FROM unnest($2::int[], $3::timestamptz[]) AS r(id, ingested_at) WHERE a.id = r.id`,
        [sourceId, touched.map((t) => t.id), touched.map((t) => ingestedAt.get(t.a.systemAlertId) ?? null)],
      );
    }
  }
  if (changed.length) result.enrichmentQueued = (await requestEnrichment(changed)) > 0;
  return result;
}
