// Stored alerts, newest first, with their hosts, enrichment state and finding: the alert queue.
// Only the columns a list shows are read; entities, raw rows and extended properties stay in the
// database.
import { z } from "zod";
import { getPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { AlertKind, EnrichmentState } from "../generated/prisma/enums";
import { skipFor, toPageParams, type Page, type PageParams } from "../paging";

/** Empty strings (an unset field of a GET form) mean "no filter". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const alertFiltersSchema = z.object({
  kind: z.preprocess(blankToUndefined, z.enum(AlertKind).optional()),
  state: z.preprocess(blankToUndefined, z.enum(EnrichmentState).optional()),
  /** Part of a host name, FQDN or the compromised entity, any case. */
  host: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
  /** AlertSeverity, any case (High, Medium, Low, Informational). */
  severity: z.preprocess(blankToUndefined, z.string().trim().max(50).optional()),
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

function whereFor(filters: AlertFilters): Prisma.AlertWhereInput {
  const where: Prisma.AlertWhereInput = {};
  // alerts_kind_enrichment_state_idx serves kind and kind + state.
  if (filters.kind) where.kind = filters.kind;
  if (filters.state) where.enrichmentState = filters.state;
  if (filters.severity) where.severity = { equals: filters.severity, mode: "insensitive" };
  if (filters.host) {
    const contains = { contains: filters.host, mode: "insensitive" } as const;
    where.OR = [
      { hosts: { some: { OR: [{ hostName: contains }, { fqdn: contains }] } } },
      { compromisedEntity: contains },
    ];
  }
  return where;
}

export async function findAlerts(params: Partial<PageParams> & AlertFilters = {}): Promise<Page<AlertListItem>> {
  const { page, perPage } = toPageParams({ page: params.page, perPage: params.perPage });
  const where = whereFor(alertFiltersSchema.parse(params));
  const prisma = getPrisma();
  const [rows, count] = await Promise.all([
    prisma.alert.findMany({
      where,
      select: alertListSelect,
      // alerts_time_generated_idx; id keeps the order stable between pages for equal times.
      orderBy: [{ timeGenerated: "desc" }, { id: "desc" }],
      skip: skipFor({ page, perPage }),
      take: perPage,
    }),
    prisma.alert.count({ where }),
  ]);
  return { data: rows.map(toListItem), count, page, perPage };
}
