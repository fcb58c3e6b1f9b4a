// What a live page hears: small events naming what changed, never the changed data. A page that
// hears one of its topics re-reads what it shows (router.refresh or its own fetch), so an event
// carries no attacker string and no field a reader may not see; the server decides what the
// page shows, as on any load. `user:<id>` topics reach that user's streams only.
export type LiveTopic = `case:${number}` | "cases" | "alerts" | "imports" | `user:${number}`;

/** Values an event may carry: ids, counts, fractions, states. */
export type LiveData = Record<string, string | number | boolean | null>;

export interface LiveEvent {
  topic: LiveTopic;
  /** What happened, e.g. "case.changed", "import.progress", "notification". */
  kind: string;
  data?: LiveData;
}

export const caseTopic = (caseId: number): LiveTopic => `case:${caseId}`;
export const userTopic = (userId: number): LiveTopic => `user:${userId}`;
