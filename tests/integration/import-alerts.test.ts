import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { getPrisma, closeDb } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importAlerts } from "../../lib/alerts/import-alerts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "alerts");
const FILE_ALERT = "7f3c2a10-5b6d-4e8f-9a01-b2c3d4e5f601";
const COMMAND_ALERT = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

async function deleteSampleAlerts() {
  await getPrisma().alert.deleteMany({ where: { systemAlertId: { in: [FILE_ALERT, COMMAND_ALERT] } } });
}

async function loadSample() {
  return getPrisma().alert.findMany({
    where: { systemAlertId: { in: [FILE_ALERT, COMMAND_ALERT] } },
    include: { hosts: true, files: true, processes: { include: { imageFile: true, parent: true } } },
    orderBy: { systemAlertId: "asc" },
  });
}

describe("import alerts", () => {
  beforeEach(deleteSampleAlerts);

  for (const name of [
    "mde-webshell-alerts.json",
    "mde-webshell-alerts.array.json",
    "mde-webshell-alerts.jsonl",
    "mde-webshell-alerts.csv",
  ]) {
    it(`stores both sample alerts with their entities from ${name}`, async () => {
      const summary = await importAlerts([join(FIXTURES, name)]);
      expect(summary).toMatchObject({ files: 1, imported: 2, updated: 0, rejected: 0, errors: [] });

      const [command, file] = await loadSample();
      expect(file).toMatchObject({
        displayName: "Possible web shell installation",
        providerName: "MDATP",
        severity: "High",
        tactics: ["Persistence"],
      });
      expect(file!.timeGenerated.toISOString()).toBe("2024-05-14T10:02:15.000Z");
      expect(file!.startTime!.toISOString()).toBe("2024-05-14T10:02:05.441Z");
      expect(file!.hosts).toEqual([
        expect.objectContaining({ hostName: "web01", dnsDomain: "contoso.local", fqdn: "web01.contoso.local" }),
      ]);
      const shell = file!.files.find((f) => f.name === "Setconfigure.aspx");
      expect(shell).toMatchObject({
        directory: "C:\\inetpub\\wwwroot\\aspnet_client\\system_web",
        sha256: "b1c2d3e4f5a6978877665544332211009988aabbccddeeff0011223344556677",
      });

      expect(command!.displayName).toBe("Suspicious processes indicative of a web shell");
      expect(command!.tactics).toEqual(["Persistence", "Execution"]);
      const cmd = command!.processes.find((p) => p.imageFile?.name === "cmd.exe");
      expect(cmd).toBeDefined();
      expect(cmd!.commandLine).toBe(
        'cmd.exe /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client\\system_web"&whoami /all&echo [S]&cd&echo [E]',
      );
      expect(cmd!.creationTimeUtc!.toISOString()).toBe("2024-05-14T10:07:31.882Z");
      expect(cmd!.parent?.commandLine).toMatch(/^c:\\windows\\system32\\inetsrv\\w3wp\.exe/);
      expect(cmd!.parent?.imageFileRef).toBeTruthy();
    });
  }

  it("keeps the raw row losslessly, 7-digit times included", async () => {
    await importAlerts([join(FIXTURES, "mde-webshell-alerts.json")]);
    const alert = await getPrisma().alert.findUnique({ where: { systemAlertId: COMMAND_ALERT } });
    const raw = alert!.raw as Record<string, unknown>;
    expect(raw.StartTime).toBe("2024-05-14T10:07:31.8821043Z");
    expect(typeof raw.Entities === "string" ? JSON.parse(raw.Entities as string) : raw.Entities).toEqual(
      alert!.entities,
    );
  });

  it("updates an alert when a newer row of the same SystemAlertId arrives, and ignores older ones", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-alerts-"));
    const doc = JSON.parse(await readFile(join(FIXTURES, "mde-webshell-alerts.json"), "utf8")) as {
      rows: Record<string, unknown>[];
    };
    const first = join(dir, "first.json");
    await writeFile(first, JSON.stringify(doc));
    expect(await importAlerts([first])).toMatchObject({ imported: 2, updated: 0 });

    const newer = structuredClone(doc.rows[1]!);
    newer.TimeGenerated = "2024-05-14T10:20:00.0000000Z";
    newer.Status = "InProgress";
    const older = structuredClone(doc.rows[0]!);
    older.TimeGenerated = "2024-05-14T09:00:00.0000000Z";
    older.Status = "Resolved";
    const second = join(dir, "second.jsonl");
    await writeFile(second, [JSON.stringify(newer), JSON.stringify(older)].join("\n") + "\n");
    expect(await importAlerts([second])).toMatchObject({ imported: 0, updated: 1, rejected: 0, errors: [] });

    const [command, file] = await loadSample();
    expect(command!.status).toBe("InProgress");
    expect(command!.timeGenerated.toISOString()).toBe("2024-05-14T10:20:00.000Z");
    expect(command!.processes.length).toBeGreaterThan(0);
    expect(file!.status).toBe("New");
    expect(await getPrisma().alert.count({ where: { systemAlertId: COMMAND_ALERT } })).toBe(1);
  });

  it("reports bad rows with their position and imports the good ones", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-alerts-"));
    const doc = JSON.parse(await readFile(join(FIXTURES, "mde-webshell-alerts.json"), "utf8")) as {
      rows: Record<string, unknown>[];
    };
    const noId = { ...doc.rows[0]!, SystemAlertId: undefined };
    const badEntities = { ...doc.rows[0]!, SystemAlertId: "bad-entities", Entities: "[{not json" };
    const path = join(dir, "mixed.json");
    await writeFile(path, JSON.stringify([noId, doc.rows[1], badEntities]));
    const summary = await importAlerts([path]);
    expect(summary).toMatchObject({ files: 1, imported: 2, updated: 0, rejected: 0 });
    expect(summary.errors.map((e) => [e.file, e.row])).toEqual([[path, 1]]);
    expect(summary.errors[0]!.reason).toMatch(/SystemAlertId/);
    // Entities that are not JSON (Sentinel truncates long values) no longer lose the alert.
    expect(summary.warnings).toEqual([
      { file: path, row: 3, reason: expect.stringMatching(/^Entities is not valid JSON .*entities unreadable$/) },
    ]);
    const stored = await getPrisma().alert.findUniqueOrThrow({ where: { systemAlertId: "bad-entities" } });
    expect(stored.entities).toBe("[{not json");
    expect(stored.importWarnings).toEqual([summary.warnings[0]!.reason]);
  });

  it("imports a gzipped export, streamed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-alerts-"));
    const path = join(dir, "alerts.jsonl.gz");
    await writeFile(path, gzipSync(await readFile(join(FIXTURES, "mde-webshell-alerts.jsonl"))));
    const summary = await importAlerts([path]);
    expect(summary).toMatchObject({ files: 1, imported: 2, rejected: 0, errors: [] });
    expect((await loadSample()).map((a) => a.hosts.length)).toEqual([1, 1]);
  });

  it("rejects a file that holds no alerts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shellcase-alerts-"));
    const path = join(dir, "u_ex.log");
    await writeFile(path, "#Fields: date time c-ip\n2024-01-01 00:00:00 192.0.2.1\n");
    const summary = await importAlerts([path]);
    expect(summary).toMatchObject({ files: 1, imported: 0, rejected: 1 });
    expect(summary.errors[0]).toMatchObject({ file: path, row: null });
  });
});
