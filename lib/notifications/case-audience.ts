// Who hears about a case: its owner and its watchers. Read inside the change's transaction, so
// the list is the one the change saw.
import type { Prisma } from "../generated/prisma/client";

export interface CaseAudience {
  number: string;
  title: string;
  ownerId: number | null;
  /** Owner first, then watchers by when they started watching; each once. */
  userIds: number[];
}

export async function caseAudience(tx: Prisma.TransactionClient, caseId: number): Promise<CaseAudience> {
  const kase = await tx.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      number: true,
      title: true,
      ownerId: true,
      watchers: { select: { userId: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const userIds = [...new Set([...(kase.ownerId ? [kase.ownerId] : []), ...kase.watchers.map((w) => w.userId)])];
  return { number: kase.number, title: kase.title, ownerId: kase.ownerId, userIds };
}

/** The path of a case's page (and of one note on it). */
export const casePath = (number: string, noteId?: number) =>
  `/cases/${encodeURIComponent(number)}${noteId ? `#note-${noteId}` : ""}`;
