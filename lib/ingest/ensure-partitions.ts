// Creates the monthly partitions of web_requests that an import is about to write, each in its
// own short statement, before the import's transaction starts: creating a partition locks the
// parent table, and holding that lock for a whole import would stall every reader.
import type pg from "pg";

const known = new Set<string>();

/** `months` are "YYYY-MM" strings. */
export async function ensurePartitions(pool: pg.Pool, months: Iterable<string>): Promise<void> {
  for (const month of months) {
    const key = `${pool.options.connectionString ?? ""}|${month}`;
    if (known.has(key)) continue;
    // The SQL function (migration *_web_requests) owns the naming and range rules.
    await pool.query("SELECT shellcase_ensure_web_requests_partition($1::date)", [`${month}-01`]);
    known.add(key);
  }
}

export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}
