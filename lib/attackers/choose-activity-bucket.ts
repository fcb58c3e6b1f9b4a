// The bar width of an attacker's requests-over-time chart: hours when the activity spans less
// than three days (a day's bar would hide the intrusion's shape), days otherwise; and the range
// read, so that the query and the chart stay bounded whatever the profile's history.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** At most this many days of history are counted, ending at the last sighting. */
export const MAX_ACTIVITY_DAYS = 120;

export interface ActivityBucket {
  unit: "hour" | "day";
  /** First bucket start and the exclusive end of the range, both on bucket boundaries (UTC). */
  from: Date;
  to: Date;
}

export function chooseActivityBucket(firstSeen: Date, lastSeen: Date): ActivityBucket {
  const last = lastSeen.getTime();
  const first = Math.max(firstSeen.getTime(), last - MAX_ACTIVITY_DAYS * DAY + DAY);
  const unit = last - first < 3 * DAY ? "hour" : "day";
  const size = unit === "hour" ? HOUR : DAY;
  return {
    unit,
    from: new Date(Math.floor(first / size) * size),
    to: new Date(Math.floor(last / size) * size + size),
  };
}
