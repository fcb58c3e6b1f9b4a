// The workspace fetches around a time (an alert's page shows those of its hosts): what was
// brought home for which host and scope, how many rows, and whether it is complete.
import { getPrisma } from "../../db";

export interface CoverageView {
  id: number;
  source: string;
  host: string;
  scope: string;
  from: Date;
  to: Date;
  rows: number;
  complete: boolean;
  error: string | null;
  fetchedAt: Date;
}

const DAY = 86_400_000;

/** Coverage rows overlapping [at − days, at + days], newest fetch first, at most `limit`. */
export async function findCoverageNear(at: Date, days = 31, limit = 200): Promise<CoverageView[]> {
  const rows = await getPrisma().sourceCoverage.findMany({
    where: {
      fromTime: { lte: new Date(at.getTime() + days * DAY) },
      toTime: { gte: new Date(at.getTime() - days * DAY) },
    },
    include: { source: { select: { name: true } } },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((c) => ({
    id: c.id,
    source: c.source.name,
    host: c.host,
    scope: c.scope.split(":")[0]!,
    from: c.fromTime,
    to: c.toTime,
    rows: c.rows,
    complete: c.complete,
    error: c.error,
    fetchedAt: c.fetchedAt,
  }));
}
