// One case for API callers (scripts, SOAR): GET reads its workflow fields, PATCH changes them
// through the same domain functions as the case page. PATCH carries the version it read, like
// the page's forms: a stale one gets 409 with the field's value now. 401 without a session, 403
// for a viewer: route-handler.ts checks the role before the case is read, so a viewer learns
// nothing about it, not even whether it exists.
import { z } from "zod";
import { CASE_SEVERITIES } from "@/lib/cases/case-severity";
import { changeCaseStatus } from "@/lib/cases/change-case-status";
import { getCaseByNumber } from "@/lib/cases/get-case-by-number";
import { updateCase } from "@/lib/cases/update-case";
import { CaseClassification, CaseStatus } from "@/lib/generated/prisma/enums";
import { routeHandler } from "../../route-handler";

const paramsSchema = z.object({ number: z.string() });

async function summary(number: string) {
  const c = await getCaseByNumber(number);
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    severity: c.severity,
    tags: c.tags,
    classification: c.classification,
    conclusion: c.conclusion,
    owner: c.owner,
    hostName: c.hostName,
    site: c.site,
    shellLocation: c.shellLocation,
    version: c.version,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
  };
}

export const GET = routeHandler(
  { route: "GET /api/v1/cases/[number]", auth: "session-or-token", role: "viewer", params: paramsSchema },
  ({ params }) => summary(params.number),
);

const patchSchema = z
  .object({
    version: z.number().int().positive(),
    title: z.string().optional(),
    severity: z.enum(CASE_SEVERITIES).nullable().optional(),
    tags: z.array(z.string()).optional(),
    ownerId: z.number().int().positive().nullable().optional(),
    status: z
      .object({
        to: z.enum(CaseStatus),
        classification: z.enum(CaseClassification).nullish(),
        conclusion: z.string().nullish(),
      })
      .optional(),
  })
  .strict()
  .refine(
    (v) => !(v.status && (v.title ?? v.severity ?? v.tags ?? v.ownerId) !== undefined),
    "change the status or the other fields, not both in one request",
  );

export const PATCH = routeHandler(
  {
    route: "PATCH /api/v1/cases/[number]",
    auth: "session-or-token",
    role: "analyst",
    params: paramsSchema,
    body: patchSchema,
  },
  async ({ actor, params, body }) => {
    const { id } = await getCaseByNumber(params.number);
    const { status, version, ...fields } = body;
    if (status) await changeCaseStatus(actor, { caseId: id, version, ...status });
    else await updateCase(actor, { caseId: id, version, ...fields });
    return summary(params.number);
  },
);
