// The repository's sample intrusion (tests/fixtures: the IIS log u_ex240514.log and the second
// alert of mde-webshell-alerts.json, a command alert on WEB01) imported again on a host of the
// caller's own, with a fresh SystemAlertId, so tests sharing one database never see each other's.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPrisma } from "../../lib/db";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importAlerts } from "../../lib/alerts/import-alerts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** Imports the sample log, then its command alert, on a new host; the alert is not enriched yet. */
export async function importSampleOnOwnHost(): Promise<{ alertId: number; host: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "shellcase-sample-"));
  const host = `web${randomBytes(3).toString("hex")}`;
  const log = (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8")).replaceAll(
    " WEB01 ",
    ` ${host.toUpperCase()} `,
  );
  await writeFile(join(dir, "u_ex240514.log"), log);
  await importWebLogs([join(dir, "u_ex240514.log")]);
  const doc = JSON.parse(await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8"));
  const row = doc.rows[1];
  row.SystemAlertId = randomUUID();
  row.Entities = row.Entities.replaceAll("web01", host);
  await writeFile(join(dir, "alert.json"), JSON.stringify([row]));
  await importAlerts([join(dir, "alert.json")]);
  const alert = await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId: row.SystemAlertId } });
  return { alertId: alert.id, host, dir };
}
