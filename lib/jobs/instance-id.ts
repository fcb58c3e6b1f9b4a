// The database's instance id (a random id made by a migration), read once per process. Job ids
// carry it so that a database recreated against the same Redis never collides with the jobs the
// old one left there (BullMQ silently drops a job whose id it has completed before).
import { getPool } from "../db";

let cached: Promise<string> | undefined;

export function getInstanceId(): Promise<string> {
  cached ??= getPool()
    .query<{ id: string }>("SELECT shellcase_instance_id() AS id")
    .then(({ rows }) => {
      if (!rows[0]) throw new Error("no instance id: run the migrations (npm run db:migrate)");
      return rows[0].id.slice(0, 12);
    })
    .catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
  return cached;
}
