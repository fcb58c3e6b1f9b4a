// GET: the import list (newest first), polled by the Imports page while imports run.
// POST: multipart upload of one or more files; each becomes a queued import batch that the
// import worker processes. Answers 202 at once; progress is read from GET.
//
// Authentication is not in place yet: when it lands, both handlers check the session first.
import { connection, type NextRequest } from "next/server";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createUploadImport } from "@/lib/ingest/create-upload-import";
import { findImportBatches } from "@/lib/ingest/find-import-batches";
import { pageParamsSchema } from "@/lib/paging";
import { describeZodError, errorResponse, toErrorResponse } from "../error-response";
import type { UploadImportsResponse } from "./upload-imports-response";

export async function GET(request: NextRequest) {
  await connection();
  const query = pageParamsSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) return errorResponse("bad_request", describeZodError(query.error));
  try {
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

const MAX_FILES_PER_REQUEST = 100;
const MAX_FILE_NAME_LENGTH = 255;
/** Room for multipart boundaries, part headers and the text fields around the file bytes. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Parses the multipart body while counting bytes: a body larger than the upload limit stops
 * being read at the limit instead of being buffered whole (Content-Length can be absent or lie).
 * The parser keeps files in memory, so the limit bounds memory per request too.
 */
async function readUploadForm(request: NextRequest, maxBytes: number): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("bad_request", "Send the files as multipart/form-data.");
  }
  const tooLarge = () =>
    new AppError(
      "payload_too_large",
      `This upload is larger than ${getEnv().UPLOAD_MAX_MB} MiB, the most one request may carry.`,
    );
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) throw new AppError("bad_request", "The request has no body.");

  let received = 0;
  let exceeded = false;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          exceeded = true;
          controller.error(new Error("upload limit exceeded"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    return await new Response(counted, { headers: { "content-type": contentType } }).formData();
  } catch {
    if (exceeded) throw tooLarge();
    throw new AppError("bad_request", "The multipart body could not be read.");
  }
}

/** Browsers send a base name, other clients may send a path: keep the last segment. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.trim().slice(0, MAX_FILE_NAME_LENGTH);
}

export async function POST(request: NextRequest) {
  try {
    const { UPLOAD_MAX_MB } = getEnv();
    const maxFileBytes = UPLOAD_MAX_MB * 1024 * 1024;
    const form = await readUploadForm(request, maxFileBytes + MULTIPART_OVERHEAD_BYTES);

    const fields = uploadFieldsSchema.safeParse({
      kind: form.get("kind") ?? undefined,
      host: form.get("host") ?? undefined,
      site: form.get("site") ?? undefined,
    });
    if (!fields.success) return errorResponse("bad_request", describeZodError(fields.error));

    const entries = form.getAll("file");
    if (entries.length === 0) return errorResponse("bad_request", 'Attach at least one file in the "file" field.');
    if (entries.length > MAX_FILES_PER_REQUEST) {
      return errorResponse("bad_request", `At most ${MAX_FILES_PER_REQUEST} files per request.`);
    }
    const files: { file: File; name: string }[] = [];
    for (const entry of entries) {
      if (typeof entry === "string") return errorResponse("bad_request", 'The "file" field must hold files, not text.');
      const name = displayName(entry.name);
      if (!name) return errorResponse("bad_request", "Every file needs a name.");
      if (entry.size === 0) return errorResponse("bad_request", `"${name}" is empty.`);
      if (entry.size > maxFileBytes) {
        return errorResponse("payload_too_large", `"${name}" is larger than the ${UPLOAD_MAX_MB} MiB upload limit.`);
      }
      files.push({ file: entry, name });
    }

    const { kind, host, site } = fields.data;
    const imports: UploadImportsResponse["imports"] = [];
    // One at a time: each call writes a file to disk and a row; order follows the form.
    for (const { file, name } of files) {
      const { batchId } = await createUploadImport({ fileName: name, kind, body: file.stream(), host, site });
      imports.push({ batchId, fileName: name });
    }
    return Response.json({ imports } satisfies UploadImportsResponse, {
      status: 202,
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    return toErrorResponse(err, { route: "POST /api/v1/imports" });
  }
}
