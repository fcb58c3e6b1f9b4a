// Stored alerts with their hosts, enrichment state, finding and disposition (open, in a case,
// dismissed): the alert queue. Filters and sort run in SQL (severity sorts by rank, host by the
// first host name: expressions Prisma cannot order by); the page's rows are then read with
// Prisma, only the columns a list shows.
import { z } from "zod";
import { getPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { AlertKind, EnrichmentState } from "../generated/prisma/enums";
import { parseInput } from "../parse-input";
import { cappedCount, countLimit, skipFor, toPageParams, type Page, type PageParams } from "../paging";
import { blankToUndefined, containsPattern, sortDirSchema, utcTimeParam } from "../paging-sql";

/**
 * The alert queue counts matches up to this many past the page's first: "10,000+" is what an
 * analyst needs from a queue of a million, and an exact count read every match on every page
 * load (hundreds of ms at 1,000,000 alerts, docs/storage.md "Lists at scale").
 */
export const ALERT_COUNT_CAP = 10_000;

export const ALERT_DISPOSITIONS = ["open", "in_case", "dismissed"] as const;
export const ALERT_SORTS = ["time", "severity", "host"] as const;

/**
 * "Not enriched": enrichment has not concluded (pending, queued, running) or failed. `done` and
 * `not_applicable` (alerts enrichment does not apply to) are the concluded states.
 */
export const NOT_ENRICHED_STATES = [
  EnrichmentState.pending,
  EnrichmentState.queued,
  EnrichmentState.running,
  EnrichmentState.failed,
] as const;

export const alertFiltersSchema = z.object({
  kind: z.preprocess(blankToUndefined, z.enum(AlertKind).optional()),
  /** An enrichment state, or "unenriched" for every state in NOT_ENRICHED_STATES. */
  state: z.preprocess(blankToUndefined, z.union([z.enum(EnrichmentState), z.literal("unenriched")]).optional()),
  /** open: in no case and not dismissed; in_case; dismissed. */
  disposition: z.preprocess(blankToUndefined, z.enum(ALERT_DISPOSITIONS).optional()),
  /** Alerts of one case, by its number. */
  case: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^CASE-\d{4}-\d{4,}$/)
      .optional(),
  ),
  /** Part of a host name, FQDN or the compromised entity, any case. */
  host: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
  /** AlertSeverity, any case (High, Medium, Low, Informational). */
  severity: z.preprocess(blankToUndefined, z.string().trim().max(50).optional()),
  /** Free text: alert name, SystemAlertId, host, command line or shell location. */
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  /** TimeGenerated from (inclusive) and to (exclusive), UTC. */
  from: utcTimeParam,
  to: utcTimeParam,
  sort: z.preprocess(blankToUndefined, z.enum(ALERT_SORTS).optional()),
  dir: sortDirSchema,
});

export type AlertFilters = z.infer<typeof alertFiltersSchema>;

const alertListSelect = {
  id: true,
  systemAlertId: true,
  displayName: true,
  alertName: true,
  providerName: true,
  productName: true,
  severity: true,
  status: true,
  compromisedEntity: true,
  timeGenerated: true,
  startTime: true,
  kind: true,
  kindReason: true,
  enrichmentState: true,
  enrichmentError: true,
  enrichedAt: true,
  enrichment: true,
  caseId: true,
  case: { select: { number: true, status: true } },
  dismissedAt: true,
  dismissReason: true,
  dismissedBy: { select: { name: true, email: true } },
  hosts: { select: { hostName: true, dnsDomain: true, fqdn: true }, orderBy: { id: "asc" } },
  finding: {
    select: {
      hostName: true,
      site: true,
      shellLocation: true,
      confidence: true,
      case: { select: { number: true } },
    },
  },
} satisfies Prisma.AlertSelect;

type AlertListRow = Prisma.AlertGetPayload<{ select: typeof alertListSelect }>;

export type AlertListItem = Omit<AlertListRow, "enrichment"> & {
  /** The last enrichment's outcome and message (the summary's candidates are not read here). */
  enrichmentOutcome: string | null;
  enrichmentMessage: string | null;
};

function toListItem({ enrichment, ...row }: AlertListRow): AlertListItem {
  const summary = enrichment !== null && typeof enrichment === "object" && !Array.isArray(enrichment) ? enrichment : {};
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return { ...row, enrichmentOutcome: text(summary.outcome), enrichmentMessage: text(summary.message) };
}

function whereSql(f: AlertFilters): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  // alerts_kind_enrichment_state_idx serves kind and kind + state.
  if (f.kind) c.push(Prisma.sql`a.kind = ${f.kind}::"AlertKind"`);
  // alerts_enrichment_state_idx serves a state alone (the dashboard's "not enriched").
  if (f.state === "unenriched") {
    c.push(
      Prisma.sql`a.enrichment_state IN (${Prisma.join(NOT_ENRICHED_STATES.map((s) => Prisma.sql`${s}::"EnrichmentState"`))})`,
    );
  } else if (f.state) c.push(Prisma.sql`a.enrichment_state = ${f.state}::"EnrichmentState"`);
  // alerts_case_id_dismissed_at_idx: "open" (waiting for triage) is the (NULL, NULL) range.
  if (f.disposition === "open") c.push(Prisma.sql`a.case_id IS NULL AND a.dismissed_at IS NULL`);
  if (f.disposition === "in_case") c.push(Prisma.sql`a.case_id IS NOT NULL`);
  if (f.disposition === "dismissed") c.push(Prisma.sql`a.dismissed_at IS NOT NULL`);
  // alerts_case_id_idx
  if (f.case) c.push(Prisma.sql`a.case_id = (SELECT id FROM cases WHERE number = ${f.case})`);
  if (f.severity) c.push(Prisma.sql`lower(a.severity) = lower(${f.severity})`);
  if (f.from) c.push(Prisma.sql`a.time_generated >= ${f.from}`);
  if (f.to) c.push(Prisma.sql`a.time_generated < ${f.to}`);
  if (f.host) {
    const p = containsPattern(f.host);
    c.push(Prisma.sql`(a.compromised_entity ILIKE ${p} OR EXISTS (
      SELECT 1 FROM alert_hosts h WHERE h.alert_id = a.id AND (h.host_name ILIKE ${p} OR h.fqdn ILIKE ${p})))`);
  }
  if (f.q) {
    const p = containsPattern(f.q);
    c.push(Prisma.sql`(a.display_name ILIKE ${p} OR a.alert_name ILIKE ${p} OR a.system_alert_id ILIKE ${p}
      OR a.compromised_entity ILIKE ${p}
      OR EXISTS (SELECT 1 FROM alert_hosts h WHERE h.alert_id = a.id AND (h.host_name ILIKE ${p} OR h.fqdn ILIKE ${p}))
      OR EXISTS (SELECT 1 FROM alert_processes p WHERE p.alert_id = a.id AND p.command_line ILIKE ${p})
      OR EXISTS (SELECT 1 FROM findings f WHERE f.alert_id = a.id AND f.shell_location ILIKE ${p}))`);
  }
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

const SEVERITY_RANK = Prisma.sql`CASE lower(a.severity) WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2
  WHEN 'informational' THEN 1 ELSE 0 END`;
const FIRST_HOST = Prisma.sql`lower(coalesce(
  (SELECT h.host_name FROM alert_hosts h WHERE h.alert_id = a.id AND h.host_name IS NOT NULL ORDER BY h.id LIMIT 1),
  a.compromised_entity, ''))`;

function orderSql(f: AlertFilters): Prisma.Sql {
  const dir = Prisma.raw(f.dir === "asc" ? "ASC" : "DESC");
  // alerts_time_generated_idx for the default; id keeps the order stable between pages.
  if (f.sort === "severity") return Prisma.sql`ORDER BY ${SEVERITY_RANK} ${dir}, a.time_generated DESC, a.id DESC`;
  if (f.sort === "host") return Prisma.sql`ORDER BY ${FIRST_HOST} ${dir}, a.time_generated DESC, a.id DESC`;
  return Prisma.sql`ORDER BY a.time_generated ${dir}, a.id ${dir}`;
}

export async function findAlerts(
  params: Partial<PageParams> & z.input<typeof alertFiltersSchema> = {},
  { countCap = ALERT_COUNT_CAP }: { countCap?: number } = {},
): Promise<Page<AlertListItem>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage });
  const { page: _p, perPage: _pp, ...rest } = params;
  const filters = parseInput(alertFiltersSchema, rest);
  const where = whereSql(filters);
  const prisma = getPrisma();
  const limit = countLimit({ page, perPage }, countCap);
  const [ids, [{ count }]] = await Promise.all([
    prisma.$queryRaw<{ id: number }[]>`SELECT a.id FROM alerts a ${where} ${orderSql(filters)}
      LIMIT ${perPage} OFFSET ${skipFor({ page, perPage })}`,
    prisma.$queryRaw<
      [{ count: bigint }]
    >`SELECT count(*) AS count FROM (SELECT 1 FROM alerts a ${where} LIMIT ${limit}) m`,
  ]);
  const rows = ids.length
    ? await prisma.alert.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: alertListSelect })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const data = ids.flatMap((r) => {
    const row = byId.get(r.id);
    return row ? [toListItem(row)] : [];
  });
  return { data, ...cappedCount(Number(count), { page, perPage }, countCap), page, perPage };
}
