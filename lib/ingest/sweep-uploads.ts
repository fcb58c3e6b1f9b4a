// Removes upload files that no import will ever read: left in UPLOAD_DIR by a web process that
// died mid-upload, or by a batch that ended without its file being removed. A file is kept while
// an import batch that is still queued or running names it (import_batches.stored_path), and
// while it is young: an upload being written, or staged and about to be recorded, is touched
// within the last moments. Only files named as stageUpload names them (<uuid>.upload) are
// considered, so a mis-set UPLOAD_DIR cannot lose anyone's other files.
//
// The import worker calls it periodically (workers/).
import { readdir, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { getPrisma } from "../db";
import { getEnv } from "../env";
import { logger } from "../logger";

/** A staged upload's name: stageUpload writes `${randomUUID()}.upload`. */
const UPLOAD_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.upload$/;

/** Younger files may belong to an upload in progress. */
export const SWEEP_MIN_AGE_MS = 60 * 60 * 1000;

export interface SweepUploadsOptions {
  /** Files modified less than this long ago are kept (default one hour). */
  olderThanMs?: number;
  /** Default: UPLOAD_DIR. */
  uploadDir?: string;
  now?: Date;
}

/** Deletes orphaned upload files; returns the paths it removed. */
export async function sweepUploads(options: SweepUploadsOptions = {}): Promise<{ removed: string[] }> {
  const dir = resolve(options.uploadDir ?? getEnv().UPLOAD_DIR);
  const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMs ?? SWEEP_MIN_AGE_MS);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => UPLOAD_FILE.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { removed: [] };
    throw err;
  }

  const old: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && info.mtimeMs < cutoff) old.push(path);
  }
  if (old.length === 0) return { removed: [] };

  const awaited = await getPrisma().importBatch.findMany({
    where: { storedPath: { in: old }, status: { in: ["queued", "running"] } },
    select: { storedPath: true },
  });
  const keep = new Set(awaited.map((b) => b.storedPath));
  const removed = old.filter((p) => !keep.has(p));
  await Promise.all(removed.map((p) => rm(p, { force: true })));
  if (removed.length) logger.info("removed orphaned upload files", { count: removed.length, dir });
  return { removed };
}
