// Reads a multipart upload as a stream: each file part goes straight to disk (stageUpload), so
// a 2 GB IIS log costs the web process a few buffers, not 2 GB of memory. Text fields are
// collected as they come. On any error, or when the client goes away mid-upload, the parser and
// every write stream are destroyed and every staged or partial file is removed.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { CROSS_SITE_MESSAGE, crossSiteRefusal } from "@/lib/auth/cross-site-request";
import { getWebEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { discardStagedUploads, stageUpload, type StagedUpload } from "@/lib/ingest/create-upload-import";

export const MAX_FILES_PER_REQUEST = 100;
const MAX_FILE_NAME_LENGTH = 255;

/** Browsers send a base name, other clients may send a path: keep the last segment. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.trim().slice(0, MAX_FILE_NAME_LENGTH);
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: StagedUpload[];
}

export async function receiveUpload(request: Request): Promise<ReceivedUpload> {
  // Not seen by proxy.ts (it would buffer the body): the cross-site check is made here.
  if (crossSiteRefusal(request, getWebEnv().NEXTAUTH_URL)) throw new AppError("forbidden", CROSS_SITE_MESSAGE);
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("bad_request", "Send the files as multipart/form-data.");
  }
  if (!request.body) throw new AppError("bad_request", "The request has no body.");

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { files: MAX_FILES_PER_REQUEST, fields: 10, fieldSize: 4096, parts: MAX_FILES_PER_REQUEST + 10 },
    });
  } catch {
    throw new AppError("bad_request", "The multipart body could not be read (no boundary).");
  }
  const source = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
  const fields: Record<string, string> = {};
  const staging: Promise<StagedUpload>[] = [];
  const fileStreams = new Set<Readable>();
  let failure: unknown;
  let finish = () => {};
  const parsed = new Promise<void>((resolve) => (finish = resolve));
  // Stops everything on the first problem: the body, the parser and every file part still being
  // written (each write stream then fails, and stageUpload removes its partial file). Without
  // this a client that drops mid-upload leaves the parser waiting for bytes that never come.
  const fail = (err: unknown) => {
    failure ??= err;
    source.unpipe(parser);
    source.destroy();
    for (const stream of fileStreams) stream.destroy(new AppError("bad_request", "The upload was interrupted."));
    parser.destroy();
    finish();
  };
  const interrupted = () => fail(new AppError("bad_request", "The upload was interrupted."));

  parser.on("field", (name, value) => {
    fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    const fileName = displayName(info.filename ?? "");
    if (name !== "file") {
      stream.resume();
      return fail(new AppError("bad_request", `Unexpected file field "${name}": send files in the "file" field.`));
    }
    if (!fileName) {
      stream.resume();
      return fail(new AppError("bad_request", "Every file needs a name."));
    }
    if (failure) return stream.resume();
    fileStreams.add(stream);
    stream.on("close", () => fileStreams.delete(stream));
    const staged = stageUpload(fileName, stream);
    staged.catch(fail);
    staging.push(staged);
  });
  parser.on("filesLimit", () =>
    fail(new AppError("bad_request", `At most ${MAX_FILES_PER_REQUEST} files per request.`)),
  );
  parser.on("error", (err) =>
    fail(new AppError("bad_request", `The multipart body could not be read: ${(err as Error).message}`)),
  );
  parser.on("close", finish);
  let ended = false;
  source.on("end", () => (ended = true));
  source.on("error", interrupted);
  // Closed without its end: the client went away (some runtimes close the body without an error).
  source.on("close", () => {
    if (!ended) interrupted();
  });
  if (request.signal.aborted) interrupted();
  else request.signal.addEventListener("abort", interrupted, { once: true });
  source.pipe(parser);
  await parsed;
  request.signal.removeEventListener("abort", interrupted);

  const settled = await Promise.allSettled(staging);
  const files = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (failure) {
    await discardStagedUploads(files);
    throw failure instanceof AppError ? failure : new AppError("bad_request", "The upload was interrupted.");
  }
  return { fields, files };
}
