// Logs are shipped in batches, often after the alert: the alert is enriched again when they come.
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import { getPrisma, closeDb } from "../../lib/db";
import { closeQueues, enrichJobId, getQueue, QUEUES } from "../../lib/jobs/queues";
import { importAlerts } from "../../lib/alerts/import-alerts";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { enrichAlert } from "../../lib/enrich/enrich-alert";
import { runEnrichment } from "../../lib/enrich/run-enrichment";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

describe("web logs arriving after the alert", () => {
  it("queues the alert's enrichment again, and the new run finds the shell", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-late-"));
    const host = `web${randomBytes(3).toString("hex")}`;
    const doc = JSON.parse(await readFile(join(FIXTURES, "alerts", "mde-webshell-alerts.json"), "utf8"));
    const row = doc.rows[1];
    row.SystemAlertId = randomUUID();
    row.Entities = row.Entities.replaceAll("web01", host); // HostName and FQDN
    await writeFile(join(dir, "alert.json"), JSON.stringify([row]));
    await importAlerts([join(dir, "alert.json")]);
    const alert = await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId: row.SystemAlertId } });

    // No log for that host yet: nothing to find.
    expect(await enrichAlert(alert.id)).toBe("no_finding");
    const first = await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect((first.enrichment as { outcome: string }).outcome).toBe("no_web_logs");

    const log = (await readFile(join(FIXTURES, "iis", "u_ex240514.log"), "utf8")).replaceAll(
      " WEB01 ",
      ` ${host.toUpperCase()} `,
    );
    await writeFile(join(dir, "u_ex240514.log"), log);
    await importWebLogs([join(dir, "u_ex240514.log")]);

    const queued = await getPrisma().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(queued.enrichGeneration).toBe(first.enrichGeneration + 1);
    expect(queued.enrichmentState).toBe("queued");
    const job = await getQueue(QUEUES.enrichment).getJob(
      await enrichJobId({ alertId: alert.id, generation: queued.enrichGeneration }),
    );
    expect(job?.data).toEqual({ alertId: alert.id, generation: queued.enrichGeneration });

    const run = await runEnrichment({ all: false, wait: true });
    expect(run.failed).toBe(0);
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { alertId: alert.id } });
    expect(finding).toMatchObject({
      hostName: host.toUpperCase(),
      shellLocation: "/aspnet_client/system_web/Setconfigure.aspx",
    });
  });
});
