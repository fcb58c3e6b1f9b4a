"use server";
// The alert queue's bulk actions, one server action for the one bulk form: open a case from the
// selected alerts, add them to an existing case (by number), dismiss them with a reason, or
// enrich them again. formAction checks the session and role (analyst) before anything else.
import { z } from "zod";
import { dismissAlerts } from "@/lib/alerts/dismiss-alerts";
import { requestReEnrichment } from "@/lib/alerts/request-re-enrichment";
import { addAlertsToCase } from "@/lib/cases/add-alerts-to-case";
import { createCaseFromAlerts } from "@/lib/cases/create-case-from-alerts";
import { formAction } from "../form-action";

const ids = z
  .array(z.coerce.number().int().positive(), { message: "select at least one alert" })
  .min(1, "select at least one alert");

export const bulkAlertAction = formAction(
  "analyst",
  z.discriminatedUnion("op", [
    z.object({ op: z.literal("create"), "alertIds[]": ids }),
    z.object({ op: z.literal("add"), "alertIds[]": ids, caseNumber: z.string() }),
    z.object({ op: z.literal("dismiss"), "alertIds[]": ids, reason: z.string() }),
    z.object({ op: z.literal("reenrich"), "alertIds[]": ids }),
  ]),
  async (actor, input) => {
    const alertIds = input["alertIds[]"];
    const n = (count: number) => `${count} alert${count === 1 ? "" : "s"}`;
    switch (input.op) {
      case "create": {
        const kase = await createCaseFromAlerts(actor, { alertIds });
        return { message: `Opened ${kase.number}.`, redirectTo: `/cases/${kase.number}` };
      }
      case "add": {
        const { number, added } = await addAlertsToCase(actor, { caseNumber: input.caseNumber, alertIds });
        return { message: `Added ${n(added)} to ${number}.` };
      }
      case "dismiss": {
        const { dismissed } = await dismissAlerts(actor, { alertIds, reason: input.reason });
        return { message: `Dismissed ${n(dismissed)}.` };
      }
      case "reenrich": {
        const { requested, queued } = await requestReEnrichment(actor, { alertIds });
        return {
          message:
            queued === requested
              ? `Queued ${n(queued)} for enrichment.`
              : `Marked ${n(requested)} for enrichment; the queue is unreachable, run \`cli enrich\` later.`,
        };
      }
    }
  },
);
