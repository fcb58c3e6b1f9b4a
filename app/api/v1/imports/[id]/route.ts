// GET one import batch (status, progress, counts, line errors). Viewers and up: 401 without a
// session, checked before anything else.
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { getImportBatchById } from "@/lib/ingest/get-import-batch-by-id";
import { errorResponse, toErrorResponse } from "../../error-response";

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const rawId = (await params).id;
  try {
    await requireActor("viewer");
    const id = idSchema.safeParse(rawId);
    if (!id.success) return errorResponse("bad_request", "The import id must be a positive whole number.");
    return Response.json(await getImportBatchById(id.data), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err, { route: "GET /api/v1/imports/[id]", id: rawId });
  }
}
