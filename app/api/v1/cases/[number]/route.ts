// One case for API callers (scripts, SOAR): GET reads its workflow fields, PATCH changes them
// through the same domain functions as the case page. PATCH carries the version it read, like
// the page's forms: a stale one gets 409 with the field's value now. 401 without a session, 403
// for a viewer; the role is checked before the case is read.
import { connection, type NextRequest } from "next/server";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { CASE_SEVERITIES } from "@/lib/cases/case-severity";
import { changeCaseStatus } from "@/lib/cases/change-case-status";
import { getCaseByNumber } from "@/lib/cases/get-case-by-number";
import { updateCase } from "@/lib/cases/update-case";
import { ConflictError } from "@/lib/cases/conflict-error";
import { AppError } from "@/lib/errors";
import { CaseClassification, CaseStatus } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/parse-input";
import { errorResponse, toErrorResponse } from "../../error-response";

type Params = { params: Promise<{ number: string }> };

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

export async function GET(_request: NextRequest, { params }: Params) {
  await connection();
  try {
    await requireActor("viewer");
    return Response.json(await summary((await params).number), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err, { route: "GET /api/v1/cases/[number]" });
  }
}

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

export async function PATCH(request: NextRequest, { params }: Params) {
  await connection();
  try {
    // Who and which role first: a viewer learns nothing about the case, not even whether it exists.
    const actor = await requireActor("analyst");
    if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
      return errorResponse("bad_request", "Send the changes as application/json.");
    }
    const body = parseInput(patchSchema, await request.json().catch(() => undefined));
    const { id } = await getCaseByNumber((await params).number);
    const { status, version, ...fields } = body;
    if (status) await changeCaseStatus(actor, { caseId: id, version, ...status });
    else await updateCase(actor, { caseId: id, version, ...fields });
    return Response.json(await summary((await params).number), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof ConflictError) {
      return Response.json(
        { error: { code: err.code, message: err.message }, current: err.current },
        { status: err.status, headers: { "Cache-Control": "no-store" } },
      );
    }
    if (err instanceof AppError) return errorResponse(err.code, err.message);
    return toErrorResponse(err, { route: "PATCH /api/v1/cases/[number]" });
  }
}
