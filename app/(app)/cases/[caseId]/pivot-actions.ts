"use server";
// Runs a pivot for a case from the case page. A server action is a public endpoint: formAction
// checks the session and role first and validates the form with zod; lib/pivots checks the
// pivot's parameters (anchor, window) and answers with messages chosen in code.
import { z } from "zod";
import { createPivotRun } from "@/lib/pivots/create-pivot-run";
import { formAction } from "../../form-action";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().max(8192).optional());

const pivotFormSchema = z
  .object({
    caseId: z.coerce.number().int().positive(),
    host: z.string().max(255),
    site: z.string().max(255),
    match: z.enum(["ip", "userAgent", "both"], { message: "choose IP, user agent or both" }),
    ip: optionalText,
    userAgent: optionalText,
    anchor: z.string().max(64),
    window: optionalText,
    lookback: optionalText,
    allRequests: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  })
  .refine((f) => f.match === "userAgent" || f.ip, { message: "give the attacker's IP", path: ["ip"] })
  .refine((f) => f.match === "ip" || f.userAgent, { message: "give the attacker's user agent", path: ["userAgent"] });

export const runPivotAction = formAction("analyst", pivotFormSchema, async (actor, f) => {
  const run = await createPivotRun({
    caseId: f.caseId,
    params: {
      host: f.host,
      site: f.site,
      ip: f.match === "userAgent" ? undefined : f.ip?.trim(),
      userAgent: f.match === "ip" ? undefined : f.userAgent,
      anchor: f.anchor.trim(),
      window: f.window?.trim(),
      lookback: f.lookback?.trim(),
      allRequests: f.allRequests,
    },
    actor,
  });
  return { message: `Pivot run #${run.id} queued.` };
});
