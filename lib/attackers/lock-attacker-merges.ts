// Merges, splits and labels of attacker profiles run one at a time (a transaction-scoped
// advisory lock): two merges read-then-write the same rows, and run concurrently they could
// nest profiles two levels deep or form a cycle. Analysts merge rarely; waiting costs nothing.
import type { Prisma } from "../generated/prisma/client";

export async function lockAttackerMerges(tx: Prisma.TransactionClient): Promise<void> {
  // $executeRaw: the lock function returns void, which $queryRaw cannot deserialise.
  await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('shellcase:attacker-merges'))");
}
