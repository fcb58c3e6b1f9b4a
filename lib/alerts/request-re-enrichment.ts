// An analyst asks for alerts to be enriched again (new logs arrived by another route, a finding
// looks wrong): the same path as an import's request (lib/enrich/request-enrichment.ts), with an
// audit entry per alert in the transaction that bumps their generation. Queued after commit.
import { z } from "zod";
import { parseInput } from "../parse-input";
import { requireRole, type Actor } from "../auth/roles";
import { recordAudit } from "../audit/record-audit";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { requestEnrichment } from "../enrich/request-enrichment";
import { alertIdsSchema } from "../cases/alert-ids";

export const requestReEnrichmentSchema = z.object({ alertIds: alertIdsSchema });

export async function requestReEnrichment(
  actor: Actor,
  input: z.input<typeof requestReEnrichmentSchema>,
): Promise<{ requested: number; queued: number }> {
  requireRole(actor, "analyst");
  const { alertIds } = parseInput(requestReEnrichmentSchema, input);
  const found = await getPrisma().alert.findMany({
    where: { id: { in: alertIds } },
    select: { id: true, caseId: true },
  });
  const missing = alertIds.filter((id) => !found.some((a) => a.id === id));
  if (missing.length) throw new AppError("bad_request", `alertIds: no alert with id ${missing.join(", ")}.`);
  const caseOf = new Map(found.map((a) => [a.id, a.caseId]));

  const queued = await requestEnrichment(alertIds, {
    onMarked: async (tx, marked) => {
      for (const a of marked) {
        await recordAudit(tx, {
          actor,
          caseId: caseOf.get(a.id) ?? null,
          entityType: "alert",
          entityId: a.id,
          action: "alert.re_enrich",
          before: null,
          after: { generation: a.generation },
        });
      }
    },
  });
  return { requested: alertIds.length, queued };
}
