// GET: the import list (newest first), polled by the Imports page while imports run.
// POST: multipart upload of one or more files; each becomes a queued import batch that the
// import worker processes. Answers 202 at once; progress is read from GET.
//
// Both check the session first: 401 without one, 403 when the role is too low (GET: viewer,
// POST: analyst). POST checks before reading a byte of the body, so a refused upload is never
// staged to disk.
import { connection, type NextRequest } from "next/server";
import { z } from "zod";
import { discardStagedUploads, queueStagedUpload, type StagedUpload } from "@/lib/ingest/create-upload-import";
import { requireActor } from "@/lib/auth/session";
import { receiveUpload } from "./receive-upload";
import { findImportBatches } from "@/lib/ingest/find-import-batches";
import { pageParamsSchema } from "@/lib/paging";
import { describeZodError, errorResponse, toErrorResponse } from "../error-response";
import type { UploadImportsResponse } from "./upload-imports-response";

export async function GET(request: NextRequest) {
  await connection();
  try {
    await requireActor("viewer");
    const query = pageParamsSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) return errorResponse("bad_request", describeZodError(query.error));
    return Response.json(await findImportBatches(query.data), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err, { route: "GET /api/v1/imports" });
  }
}

// Host and site end up in web_requests and are matched against alert host names; keep them to
// the characters Windows host names and IIS site names use.
const optionalName = () =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string({ message: "must be text" })
      .trim()
      .max(255, "is longer than 255 characters")
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-"')
      .optional(),
  );

const uploadFieldsSchema = z
  .object({
    kind: z.enum(["web_log", "alerts"], { message: 'must be "web_log" or "alerts"' }),
    host: optionalName(),
    site: optionalName(),
  })
  .refine((f) => f.kind === "web_log" || (f.host === undefined && f.site === undefined), {
    message: "host and site apply to web logs only; leave them out for alerts",
    path: ["host"],
  });

export async function POST(request: NextRequest) {
  let staged: StagedUpload[] = [];
  try {
    const actor = await requireActor("analyst");
    const received = await receiveUpload(request);
    staged = received.files;
    const fields = uploadFieldsSchema.safeParse({
      kind: received.fields.kind,
      host: received.fields.host,
      site: received.fields.site,
    });
    if (!fields.success) return await refuse(staged, errorResponse("bad_request", describeZodError(fields.error)));
    if (staged.length === 0) {
      return await refuse(staged, errorResponse("bad_request", 'Attach at least one file in the "file" field.'));
    }
    const empty = staged.find((f) => f.size === 0);
    if (empty) return await refuse(staged, errorResponse("bad_request", `"${empty.fileName}" is empty.`));

    const { kind, host, site } = fields.data;
    const imports: UploadImportsResponse["imports"] = [];
    // In form order; once queued, a file is the worker's (it removes it after importing).
    while (staged.length) {
      const file = staged[0]!;
      const { batchId } = await queueStagedUpload(file, { kind, host, site, startedById: actor.id });
      staged.shift();
      imports.push({ batchId, fileName: file.fileName });
    }
    return Response.json({ imports } satisfies UploadImportsResponse, {
      status: 202,
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    await discardStagedUploads(staged);
    return toErrorResponse(err, { route: "POST /api/v1/imports" });
  }
}

async function refuse(staged: StagedUpload[], response: Response): Promise<Response> {
  await discardStagedUploads(staged);
  staged.length = 0;
  return response;
}
