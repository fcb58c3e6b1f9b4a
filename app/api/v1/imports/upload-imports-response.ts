// Body of a 202 answer to POST /api/v1/imports: one import per uploaded file, in upload order.
export interface UploadImportsResponse {
  imports: { batchId: number; fileName: string }[];
}
