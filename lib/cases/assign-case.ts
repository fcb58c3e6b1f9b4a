// Puts a finding in a case: the open case that already holds the same host and shell (so the
// file alert and the command alerts of one intrusion share it), or a new one. Runs inside the
// caller's transaction.
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export async function nextCaseNumber(tx: Tx, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  // One row per year, incremented atomically: numbers are never reused, even under concurrency.
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO case_counters (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1
    RETURNING last`;
  return `CASE-${year}-${String(rows[0]!.last).padStart(4, "0")}`;
}

export async function assignCase(
  tx: Tx,
  finding: { id: number; hostName: string; site: string | null; shellLocation: string },
  severity: string | null,
): Promise<number> {
  // Serialise case creation for one host and shell, so two alerts of one intrusion enriched at
  // once cannot open two cases.
  const key = `case:${finding.hostName.toLowerCase()}:${finding.shellLocation.toLowerCase()}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
  const open = await tx.case.findFirst({
    where: {
      status: { not: "closed" },
      hostName: { equals: finding.hostName, mode: "insensitive" },
      shellLocation: { equals: finding.shellLocation, mode: "insensitive" },
    },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  const caseId =
    open?.id ??
    (
      await tx.case.create({
        data: {
          number: await nextCaseNumber(tx),
          title: `Web shell ${finding.shellLocation} on ${finding.hostName}`,
          hostName: finding.hostName,
          site: finding.site,
          shellLocation: finding.shellLocation,
          severity,
        },
        select: { id: true },
      })
    ).id;
  await tx.finding.update({ where: { id: finding.id }, data: { caseId } });
  return caseId;
}
