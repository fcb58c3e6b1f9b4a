// Creates the monthly partitions of web_requests that an import is about to write, each in its
// own short statement, before the import's transaction starts: creating a partition locks the
// parent table, and holding that lock for a whole import would stall every reader. One file may
// create at most IMPORT_MAX_NEW_PARTITIONS of them: a file whose lines spread over decades is
// refused before any partition exists, rather than leaving hundreds of tables behind.
import type pg from "pg";
import { WebLogRejected } from "./sniff-web-log";

const known = new Set<string>();

/**
 * `months` are "YYYY-MM" strings. Throws WebLogRejected, creating nothing, when more than
 * `maxNew` of them have no partition yet; returns how many partitions it created.
 */
export async function ensurePartitions(pool: pg.Pool, months: Iterable<string>, maxNew: number): Promise<number> {
  const unknown = [...months].filter((m) => !known.has(keyOf(pool, m)));
  if (unknown.length === 0) return 0;
  const missing = await missingPartitions(pool, unknown);
  if (missing.length > maxNew) throw tooManyPartitions(missing, maxNew);
  for (const month of unknown) {
    // The SQL function (migration *_web_requests) owns the naming and range rules.
    await pool.query("SELECT shellcase_ensure_web_requests_partition($1::date)", [`${month}-01`]);
    known.add(keyOf(pool, month));
  }
  return missing.length;
}

/** The months of `months` that have no partition of web_requests, in order. */
export async function missingPartitions(db: Pick<pg.Pool, "query">, months: string[]): Promise<string[]> {
  // Names as shellcase_ensure_web_requests_partition makes them (web_requests_yYYYYmMM).
  const { rows } = await db.query<{ month: string }>(
    `SELECT m AS month FROM unnest($1::text[]) AS m
      WHERE NOT EXISTS (
        SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'web_requests'::regclass
           AND c.relname = 'web_requests_y' || left(m, 4) || 'm' || right(m, 2))
      ORDER BY m`,
    [months],
  );
  return rows.map((r) => r.month);
}

export function tooManyPartitions(missing: string[], maxNew: number): WebLogRejected {
  return new WebLogRejected(
    `its lines fall in ${missing.length} months that have no partition yet (${missing[0]} … ${missing[missing.length - 1]}), more than the ${maxNew} one file may create (IMPORT_MAX_NEW_PARTITIONS); split the file or raise the limit`,
  );
}

function keyOf(pool: pg.Pool, month: string): string {
  return `${pool.options.connectionString ?? ""}|${month}`;
}

export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}
