// Runs the upload sweep (lib/ingest/sweep-uploads.ts) in the worker that serves the imports
// queue: at start, then every 15 minutes. Files younger than an hour are never touched.
import { logger } from "../lib/logger";
import { sweepUploads } from "../lib/ingest/sweep-uploads";
import { runEvery, type Housekeeper } from "./run-every";

const SWEEP_INTERVAL_MS = 15 * 60 * 1000;

export function startUploadSweeper(): Housekeeper {
  return runEvery("upload sweep", SWEEP_INTERVAL_MS, async () => {
    const { removed } = await sweepUploads();
    if (removed.length) logger.info("removed orphaned upload files", { count: removed.length });
  });
}
