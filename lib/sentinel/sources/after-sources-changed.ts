// What must follow every committed change to data_sources, in the process that made it: the
// evidence fetcher's cached clients are dropped (a new secret, endpoint or CA takes effect at
// once). Re-planning the pull schedules (syncPullSchedules in lib/sentinel/pull-schedule.ts)
// belongs here as well, awaited after the cache is dropped; it is wired in where that module
// lands, so that every caller of create/update/deleteSource gets it without changing.
import { forgetEvidenceSources } from "../evidence/ensure-evidence";

export async function afterSourcesChanged(): Promise<void> {
  forgetEvidenceSources();
}
