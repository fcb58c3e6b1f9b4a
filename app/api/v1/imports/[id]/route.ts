// GET one import batch (status, progress, counts, line errors). Viewers and up; route-handler.ts
// answers 401 without a session before the id is even read.
import { z } from "zod";
import { getImportBatchById } from "@/lib/ingest/get-import-batch-by-id";
import { routeHandler } from "../../route-handler";

const WHOLE = "must be a positive whole number";
const paramsSchema = z.object({
  id: z.coerce.number({ message: WHOLE }).int(WHOLE).positive(WHOLE).max(2_147_483_647, WHOLE),
});

export const GET = routeHandler(
  { route: "GET /api/v1/imports/[id]", auth: "session-or-token", role: "viewer", params: paramsSchema },
  ({ params }) => getImportBatchById(params.id),
);
