// GET one import batch (status, progress, counts, line errors).
// Authentication is not in place yet: when it lands, check the session first.
import { z } from "zod";
import { getImportBatchById } from "@/lib/ingest/get-import-batch-by-id";
import { errorResponse, toErrorResponse } from "../../error-response";

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return errorResponse("bad_request", "The import id must be a positive whole number.");
  try {
    return Response.json(await getImportBatchById(id.data), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err, { route: "GET /api/v1/imports/[id]", id: id.data });
  }
}
