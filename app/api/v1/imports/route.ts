// GET: the import list (newest first), polled by the Imports page while imports run.
// POST: multipart upload of one or more files; each becomes a queued import batch that the
// import worker processes. Answers 202 at once; progress is read from GET.
//
// Both go through route-handler.ts: 401 without a session, 403 when the role is too low (GET:
// viewer, POST: analyst), checked before a byte of the body is read, so a refused upload is
// never staged to disk.
import { z } from "zod";
import { discardStagedUploads, queueStagedUpload } from "@/lib/ingest/create-upload-import";
import { AppError } from "@/lib/errors";
import { findImportBatches } from "@/lib/ingest/find-import-batches";
import { pageParamsSchema } from "@/lib/paging";
import { parseInput } from "@/lib/parse-input";
import { routeHandler } from "../route-handler";
import { receiveUpload } from "./receive-upload";
import type { UploadImportsResponse } from "./upload-imports-response";

export const GET = routeHandler(
  { route: "GET /api/v1/imports", auth: "session-or-token", role: "viewer", query: pageParamsSchema },
  ({ query }) => findImportBatches(query),
);

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

// The body is multipart, streamed to disk by receive-upload.ts: read here, after the wrapper's
// role check, rather than as a JSON body.
export const POST = routeHandler(
  { route: "POST /api/v1/imports", auth: "session-or-token", role: "analyst" },
  async ({ request, actor }) => {
    const received = await receiveUpload(request);
    const staged = received.files;
    try {
      const { kind, host, site } = parseInput(uploadFieldsSchema, {
        kind: received.fields.kind,
        host: received.fields.host,
        site: received.fields.site,
      });
      if (staged.length === 0) throw new AppError("bad_request", 'Attach at least one file in the "file" field.');
      const empty = staged.find((f) => f.size === 0);
      if (empty) throw new AppError("bad_request", `"${empty.fileName}" is empty.`);

      const imports: UploadImportsResponse["imports"] = [];
      // In form order; once queued, a file is the worker's (it removes it after importing).
      while (staged.length) {
        const file = staged[0]!;
        const { batchId } = await queueStagedUpload(file, { kind, host, site, startedById: actor.id });
        staged.shift();
        imports.push({ batchId, fileName: file.fileName });
      }
      return Response.json({ imports } satisfies UploadImportsResponse, { status: 202 });
    } catch (err) {
      await discardStagedUploads(staged);
      throw err;
    }
  },
);
