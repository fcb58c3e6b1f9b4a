// Browser side of POST /api/v1/imports for one file. XMLHttpRequest rather than fetch because
// only XHR reports upload progress.
import type { ApiErrorBody } from "@/app/api/v1/error-response";
import type { UploadImportsResponse } from "@/app/api/v1/imports/upload-imports-response";
import type { ImportKind } from "@/lib/generated/prisma/enums";

export interface UploadFileInput {
  file: File;
  kind: ImportKind;
  host?: string;
  site?: string;
  /** Fraction of the body sent, 0..1. */
  onProgress: (fraction: number) => void;
}

export class UploadError extends Error {}

function errorMessage(status: number, body: unknown): string {
  const message = (body as Partial<ApiErrorBody> | null)?.error?.message;
  if (typeof message === "string" && message) return message;
  if (status === 413) return "The file is larger than the server accepts.";
  return `The upload failed (HTTP ${status}).`;
}

export function uploadFile({
  file,
  kind,
  host,
  site,
  onProgress,
}: UploadFileInput): Promise<UploadImportsResponse["imports"][number]> {
  const form = new FormData();
  form.append("kind", kind);
  if (host) form.append("host", host);
  if (site) form.append("site", site);
  form.append("file", file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/imports");
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      const accepted = (body as Partial<UploadImportsResponse> | null)?.imports?.[0];
      if (xhr.status === 202 && accepted && typeof accepted.batchId === "number") {
        onProgress(1);
        resolve(accepted);
      } else {
        reject(new UploadError(errorMessage(xhr.status, body)));
      }
    };
    xhr.onerror = () => reject(new UploadError("The server could not be reached. Check the connection and try again."));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled."));
    xhr.send(form);
  });
}
