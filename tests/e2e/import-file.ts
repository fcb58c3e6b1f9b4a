// Imports go in as a user would send them: through the upload API, imported by the run's worker.
import { expect, type APIRequestContext } from "./fixtures";

/** Uploads one file (with the form's host/site fields, if any) and returns its batch id. */
export async function uploadFile(
  request: APIRequestContext,
  kind: "alerts" | "web_log",
  file: { name: string; buffer: Buffer },
  fields: { host?: string; site?: string } = {},
): Promise<number> {
  const res = await request.post("/api/v1/imports", {
    multipart: {
      kind,
      ...fields,
      file: { name: file.name, mimeType: "application/octet-stream", buffer: file.buffer },
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  return ((await res.json()).imports as { batchId: number }[])[0]!.batchId;
}

/** Waits until the worker has imported the batch. */
export async function waitForImport(request: APIRequestContext, batchId: number, timeout = 30_000): Promise<void> {
  await expect
    .poll(async () => (await (await request.get(`/api/v1/imports/${batchId}`)).json()).status, { timeout })
    .toBe("completed");
}

/** Uploads one file and waits until it is imported; returns its batch id. */
export async function importFile(
  request: APIRequestContext,
  kind: "alerts" | "web_log",
  file: { name: string; buffer: Buffer },
): Promise<number> {
  const batchId = await uploadFile(request, kind, file);
  await waitForImport(request, batchId);
  return batchId;
}
