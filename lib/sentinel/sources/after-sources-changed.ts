// What must follow every committed change to data_sources, in the process that made it: the
// evidence fetcher's cached clients are dropped (a new secret, endpoint or CA takes effect at
// once), and the pull schedules are planned again (a new or re-enabled source starts pulling, a
// disabled or removed one stops, a new interval applies). When Redis is away the change stands;
// the worker plans the schedules again when it starts.
import { logger } from "../../logger";
import { forgetEvidenceSources } from "../evidence/ensure-evidence";
import { syncPullSchedules } from "../pull-schedule";

export async function afterSourcesChanged(): Promise<void> {
  forgetEvidenceSources();
  try {
    await syncPullSchedules();
  } catch (err) {
    logger.warn("pull schedules not updated; the worker plans them when it starts", {
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
