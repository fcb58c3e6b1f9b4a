"use server";
// "Refresh from Sentinel" on the case page: re-reads the case's incidents from the workspaces its
// alerts came from. Analysts and admins; the answer names a source that failed and the kind of
// failure only (the service's own words stay in the server log).
import { z } from "zod";
import { refreshCaseIncidents } from "@/lib/cases/refresh-case-incidents";
import { formAction } from "../../form-action";

const refreshIncidentsSchema = z.object({ caseId: z.coerce.number().int().positive() });

export const refreshIncidentsAction = formAction("analyst", refreshIncidentsSchema, async (actor, f) => {
  const r = await refreshCaseIncidents(actor, f.caseId);
  const failed = r.errors.map((e) => `${e.sourceName} (${e.kind.replace("_", " ")})`);
  return {
    message:
      `Read ${r.incidents} incident(s) from Sentinel.` +
      (failed.length ? ` Could not read: ${failed.join(", ")}; see the data source for details.` : ""),
  };
});
