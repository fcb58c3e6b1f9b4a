import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, mkdir, writeFile, readFile, copyFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { getPool, getPrisma, closeDb } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { importWebLogFile } from "../../lib/ingest/import-web-log-file";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "iis");
const fixture = (name: string) => join(FIXTURES, name);

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), "shellcase-it-"));
}

/** Makes file content unique to this test so that content-hash deduplication never links tests. */
function uniqueDirective(): string {
  return `#Remark: test ${randomBytes(6).toString("hex")}\n`;
}

interface Row {
  time: Date;
  host: string | null;
  site: string | null;
  server_ip: string | null;
  method: string | null;
  uri_stem: string | null;
  uri_query: string | null;
  server_port: number | null;
  client_ip: string | null;
  user_agent: string | null;
  cookie: string | null;
  referer: string | null;
  cs_host: string | null;
  status: number | null;
  win32_status: string | null;
  bytes_sent: string | null;
  time_taken: number | null;
  line: number;
}

/** A fixture with a trailing unique directive: same lines and line numbers, new content hash. */
async function uniqueCopy(name: string, dest: string): Promise<void> {
  const text = await readFile(fixture(name), "utf8");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  await writeFile(dest, text + `#Remark: test ${randomBytes(6).toString("hex")}` + eol);
}

async function rowsOfBatch(batchId: number): Promise<Row[]> {
  const { rows } = await getPool().query<Row>(
    `SELECT time, host, site, host(server_ip) AS server_ip, method, uri_stem, uri_query, server_port,
            host(client_ip) AS client_ip, user_agent, cookie, referer, cs_host, status,
            win32_status::text, bytes_sent::text, time_taken, line
       FROM web_requests WHERE batch_id = $1 ORDER BY line`,
    [batchId],
  );
  return rows;
}

async function batchesFor(path: string) {
  return getPrisma().importBatch.findMany({ where: { fileName: path }, orderBy: { id: "asc" } });
}

async function countRequests(): Promise<number> {
  const { rows } = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM web_requests");
  return Number(rows[0]!.n);
}

describe("import web-logs", () => {
  it("imports every shared sample file without errors", async () => {
    const expected: Record<string, number> = {
      "brianary_u_ex160110.log": 0,
      "brianary_u_ex100815.log": 0,
      "brianary_ex960101.log": 0,
      "elastic-beats_access-full.log": 1,
      "elastic-beats_test.log": 0,
      "u_ex240514.log": 6,
    };
    for (const name of Object.keys(expected)) {
      const dir = await tmp();
      const path = join(dir, name);
      await copyFile(fixture(name), path);
      const summary = await importWebLogs([path]);
      expect(summary.errors, name).toEqual([]);
      expect(summary.rejected, name).toBe(0);
      const [batch] = await batchesFor(path);
      const rows = await rowsOfBatch(batch!.id);
      expect(rows.length, name).toBe(summary.imported);
      expect(rows.length, name).toBeGreaterThan(0);
      if (expected[name]) expect(rows.length, name).toBe(expected[name]);
    }
  });

  it("stores every field of a full 22-field line, user agent exactly as logged", async () => {
    const dir = await tmp();
    const path = join(dir, "access-full.log");
    await uniqueCopy("elastic-beats_access-full.log", path);
    await importWebLogs([path]);
    const [batch] = await batchesFor(path);
    const [row] = await rowsOfBatch(batch!.id);
    expect(row).toMatchObject({
      host: "MACHINE-NAME",
      site: "W3SVC1",
      server_ip: "127.0.0.1",
      method: "GET",
      uri_stem: "/",
      uri_query: null,
      server_port: 80,
      client_ip: "127.0.0.1",
      user_agent: "Mozilla/5.0+(Windows+NT+6.1;+Win64;+x64;+rv:57.0)+Gecko/20100101+Firefox/57.0",
      cookie: null,
      referer: null,
      cs_host: "localhost",
      status: 200,
      win32_status: "0",
      bytes_sent: "123",
      time_taken: 789,
      line: 5,
    });
    expect(row!.time.toISOString()).toBe("2018-01-01T09:10:11.000Z");
  });

  it("maps each #Fields block of a file with its own field list", async () => {
    const dir = await tmp();
    const path = join(dir, "beats-test.log");
    await uniqueCopy("elastic-beats_test.log", path);
    await importWebLogs([path]);
    const [batch] = await batchesFor(path);
    const rows = await rowsOfBatch(batch!.id);
    // Block 1 has no s-sitename and a query string; block 2 adds s-sitename and cs-host.
    expect(rows[0]).toMatchObject({ line: 5, site: null, uri_query: "q=100", client_ip: "81.2.69.143", cs_host: null });
    expect(rows[1]).toMatchObject({ line: 10, site: "W3SVC1", cs_host: "example.com", client_ip: "127.0.0.1" });
    const text = await readFile(fixture("elastic-beats_test.log"), "utf8");
    const dataLines = text.split("\n").filter((l) => l && !l.startsWith("#")).length;
    expect(rows.length).toBe(dataLines);
  });

  it("reads CRLF files without a trailing carriage return, and gzip by content", async () => {
    const dir = await tmp();
    const original = await readFile(fixture("brianary_u_ex100815.log"));
    expect(original.includes("\r\n")).toBe(true);
    const gz = join(dir, "u_ex100815.log.gz");
    await writeFile(gz, gzipSync(original));
    const summary = await importWebLogs([gz]);
    expect(summary.errors).toEqual([]);
    const [batch] = await batchesFor(gz);
    expect(batch!.format).toBe("w3c");
    const rows = await rowsOfBatch(batch!.id);
    expect(rows.length).toBe(
      original
        .toString()
        .split("\r\n")
        .filter((l) => l && !l.startsWith("#")).length,
    );
    expect(rows[0]).toMatchObject({ site: "W3SVC20", client_ip: "77.88.25.28", time_taken: 376 });
    for (const r of rows) expect(r.user_agent ?? "").not.toMatch(/\r/);
  });

  it("takes host and site from the importer for files that lack them, and keeps the file's own otherwise", async () => {
    const dir = await tmp();
    const noHost = join(dir, "u_ex160110.log");
    await uniqueCopy("brianary_u_ex160110.log", noHost);
    await importWebLogs([noHost], { host: "WEB02", site: "W3SVC3" });
    const rows = await rowsOfBatch((await batchesFor(noHost))[0]!.id);
    expect(new Set(rows.map((r) => `${r.host}/${r.site}`))).toEqual(new Set(["WEB02/W3SVC3"]));

    const withHost = join(dir, "access-full.log");
    await writeFile(withHost, uniqueDirective() + (await readFile(fixture("elastic-beats_access-full.log"), "utf8")));
    await importWebLogs([withHost], { host: "OTHER", site: "W3SVC9" });
    const [row] = await rowsOfBatch((await batchesFor(withHost))[0]!.id);
    expect(row).toMatchObject({ host: "MACHINE-NAME", site: "W3SVC1" });
  });

  it("reports malformed lines with their numbers and imports the rest", async () => {
    const dir = await tmp();
    const path = join(dir, "mixed.log");
    const lines = [
      "#Fields: date time s-computername c-ip cs-method cs-uri-stem sc-status cs(User-Agent)",
      "2024-05-14 10:00:00 WEB01 198.51.100.23 GET /a.aspx 200 UA+one", // 2 good
      "2024-05-14 10:00:01 WEB01 198.51.100.23 GET /b.aspx 200", // 3 field count
      "2024-13-14 10:00:02 WEB01 198.51.100.23 GET /c.aspx 200 UA", // 4 bad date
      "2024-05-14 10:00:03 WEB01 999.1.1.1 GET /d.aspx 200 UA", // 5 bad IP
      "2024-05-14 10:00:04 WEB01 198.51.100.23 GET /" + "x".repeat(70_000) + " 200 UA", // 6 over-long
      "2024-05-14 10:00:05 WEB01 2001:db8::1 POST /e.aspx 500 UA+two", // 7 good (IPv6)
    ];
    await writeFile(path, uniqueDirective() + lines.join("\n") + "\n");
    const summary = await importWebLogs([path]);
    expect(summary.imported).toBe(2);
    expect(summary.rejected).toBe(0);
    expect(summary.errors.map((e) => e.line)).toEqual([4, 5, 6, 7]);
    for (const e of summary.errors) {
      expect(e.file).toBe(path);
      expect(e.reason.length).toBeGreaterThan(5);
    }
    const rows = await rowsOfBatch((await batchesFor(path))[0]!.id);
    expect(rows.map((r) => [r.line, r.uri_stem, r.client_ip])).toEqual([
      [3, "/a.aspx", "198.51.100.23"],
      [8, "/e.aspx", "2001:db8::1"],
    ]);
  });

  it("rejects a binary file and leaves no request behind", async () => {
    const dir = await tmp();
    const path = join(dir, "u_ex999999.log");
    await writeFile(path, randomBytes(4096));
    const before = await countRequests();
    const summary = await importWebLogs([path]);
    expect(summary).toMatchObject({ files: 1, imported: 0, rejected: 1 });
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ file: path, line: null });
    expect(summary.errors[0]!.reason).toMatch(/binary/i);
    expect(await countRequests()).toBe(before);
    const [batch] = await batchesFor(path);
    expect(batch!.status).toBe("rejected");
  });

  it("rejects an empty file and JSON that is not W3CIISLog", async () => {
    const dir = await tmp();
    const empty = join(dir, "empty.log");
    await writeFile(empty, "");
    const alerts = join(dir, "alerts.json");
    await writeFile(alerts, JSON.stringify([{ SystemAlertId: "x", DisplayName: "y", Entities: "[]" }]));
    const summary = await importWebLogs([empty, alerts]);
    expect(summary).toMatchObject({ files: 2, imported: 0, rejected: 2 });
    expect(summary.errors[0]!.reason).toMatch(/empty/i);
    expect(summary.errors[1]!.reason).toMatch(/W3CIISLog/);
  });

  it("adds nothing when the same content is imported again, under any name", async () => {
    const dir = await tmp();
    const path = join(dir, "first.log");
    const content = uniqueDirective() + (await readFile(fixture("brianary_u_ex160110.log"), "utf8"));
    await writeFile(path, content);
    const first = await importWebLogs([path]);
    expect(first.imported).toBeGreaterThan(10);
    const before = await countRequests();
    const copy = join(dir, "copy.log");
    await writeFile(copy, content);
    const again = await importWebLogs([path, copy]);
    expect(again).toMatchObject({ files: 2, imported: 0, duplicates: first.imported * 2, rejected: 0 });
    expect(await countRequests()).toBe(before);
  });

  it("imports only the new lines of a log that grew since it was imported, keeping its #Fields", async () => {
    const dir = await tmp();
    const path = join(dir, "u_ex230301.log");
    const line = (i: number) =>
      `2023-03-01 10:${String(i).padStart(2, "0")}:00 W3SVC1 GROWN01 10.0.0.5 GET /p${i}.aspx - 443 - 203.0.113.7 Mozilla/5.0 200\r\n`;
    const head =
      uniqueDirective() +
      "#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status\r\n";
    const early = head + [1, 2, 3].map(line).join("");
    await writeFile(path, early);
    const first = await importWebLogs([path]);
    expect(first).toMatchObject({ imported: 3, duplicates: 0 });

    // IIS went on writing the day's file: the same bytes, then more lines (one malformed).
    await writeFile(path, early + [4, 5].map(line).join("") + "2023-03-01 10:06:00 cut\r\n");
    const second = await importWebLogs([path]);
    expect(second).toMatchObject({ imported: 2, duplicates: 3, rejected: 0 });
    expect(second.errors).toEqual([{ file: path, line: 7 + 1, reason: expect.stringMatching(/fields/) }]);
    const [a, b] = await batchesFor(path);
    expect(b!.message).toMatch(new RegExp(`continues import #${a!.id}`));
    const stems = async (batchId: number) => (await rowsOfBatch(batchId)).map((r) => [r.line, r.uri_stem]);
    expect(await stems(a!.id)).toEqual([
      [3, "/p1.aspx"],
      [4, "/p2.aspx"],
      [5, "/p3.aspx"],
    ]);
    // Line numbers are the grown file's, read with the #Fields of its stored part.
    expect(await stems(b!.id)).toEqual([
      [6, "/p4.aspx"],
      [7, "/p5.aspx"],
    ]);

    // A copy that was cut mid-line: its complete lines are skipped, the cut one imports whole.
    const cutPath = join(dir, "other", "u_ex230302.log");
    await mkdir(join(dir, "other"), { recursive: true });
    const day2 =
      uniqueDirective() + head.slice(head.indexOf("#Fields")) + [1, 2].map(line).join("").replaceAll("03-01", "03-02");
    const cut = day2 + line(3).replaceAll("03-01", "03-02").slice(0, 30);
    await writeFile(cutPath, cut);
    const cutFirst = await importWebLogs([cutPath]);
    expect(cutFirst, JSON.stringify(cutFirst)).toMatchObject({ imported: 2 });
    await writeFile(cutPath, day2 + line(3).replaceAll("03-01", "03-02"));
    expect(await importWebLogs([cutPath])).toMatchObject({ imported: 1, duplicates: 2 });

    // Same name, other content: not a continuation, imported whole.
    const otherPath = join(dir, "elsewhere", "u_ex230301.log");
    await mkdir(join(dir, "elsewhere"), { recursive: true });
    await writeFile(otherPath, uniqueDirective() + early.slice(early.indexOf("#Fields")) + line(9));
    expect(await importWebLogs([otherPath])).toMatchObject({ imported: 4, duplicates: 0 });
  });

  it("leaves nothing from an interrupted import, and the same file then imports whole", async () => {
    const dir = await tmp();
    const path = join(dir, "big.log");
    const header = uniqueDirective() + "#Fields: date time s-computername c-ip cs-method cs-uri-stem sc-status\n";
    const body = Array.from({ length: 30_000 }, (_, i) => {
      const s = String(i % 60).padStart(2, "0");
      return `2024-06-01 10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${s} WEB01 192.0.2.${i % 250} GET /p${i}.aspx 200`;
    }).join("\n");
    await writeFile(path, header + body + "\n");
    const before = await countRequests();
    const batch = await getPrisma().importBatch.create({ data: { kind: "web_log", fileName: path } });
    let calls = 0;
    const interrupted = await importWebLogFile({
      batchId: batch.id,
      path,
      onProgress: (f) => {
        // Interrupt during the second pass, after rows have been sent to COPY.
        if (f > 0.5 && ++calls === 1) throw new Error("simulated crash");
      },
    });
    expect(interrupted.status).toBe("failed");
    expect(await countRequests()).toBe(before);
    const retry = await importWebLogs([path]);
    expect(retry).toMatchObject({ imported: 30_000, duplicates: 0, rejected: 0 });
    expect(await countRequests()).toBe(before + 30_000);
  });

  it("stores a batch's rows once when two runs of it overlap (a job whose lock lapsed)", async () => {
    const dir = await tmp();
    const path = join(dir, "twice.log");
    const header = uniqueDirective() + "#Fields: date time s-computername c-ip cs-method cs-uri-stem sc-status\n";
    const body = Array.from(
      { length: 5_000 },
      (_, i) => `2024-06-02 11:00:00 WEB01 192.0.2.${i % 250} GET /t${i}.aspx 200`,
    );
    await writeFile(path, header + body.join("\n") + "\n");
    const before = await countRequests();
    const batch = await getPrisma().importBatch.create({ data: { kind: "web_log", fileName: path } });
    const runs = await Promise.all([
      importWebLogFile({ batchId: batch.id, path }),
      importWebLogFile({ batchId: batch.id, path }),
    ]);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(await countRequests()).toBe(before + 5_000);
    expect(await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({
      status: "completed",
      imported: 5_000,
    });
  });

  it("imports W3CIISLog exports as CSV and JSON", async () => {
    const dir = await tmp();
    const marker = randomBytes(4).toString("hex");
    const csv = join(dir, "w3ciislog.csv");
    await writeFile(
      csv,
      [
        "TimeGenerated [UTC],sSiteName,sComputerName,sIP,csMethod,csUriStem,csUriQuery,sPort,csUserName,cIP,csUserAgent,scStatus,TimeTaken,Computer",
        `2024-05-14T10:02:13Z,W3SVC1,WEB01,10.0.0.5,POST,/aspnet_client/system_web/Setconfigure.aspx,m=${marker},443,,198.51.100.23,Mozilla/5.0+(Windows+NT+10.0),200,62,WEB01.contoso.local`,
      ].join("\n") + "\n",
    );
    const json = join(dir, "w3ciislog.json");
    await writeFile(
      json,
      JSON.stringify([
        {
          TimeGenerated: "2024-05-14T10:07:31Z",
          sSiteName: "W3SVC1",
          sComputerName: "WEB01",
          sIP: "10.0.0.5",
          csMethod: "POST",
          csUriStem: "/aspnet_client/system_web/Setconfigure.aspx",
          csUriQuery: `m=${marker}`,
          sPort: 443,
          cIP: "198.51.100.23",
          csUserAgent: "Mozilla/5.0+(Windows+NT+10.0)",
          scStatus: "200",
          TimeTaken: 233,
        },
      ]),
    );
    const summary = await importWebLogs([csv, json]);
    expect(summary).toMatchObject({ files: 2, imported: 2, rejected: 0, errors: [] });
    const [csvRow] = await rowsOfBatch((await batchesFor(csv))[0]!.id);
    const [jsonRow] = await rowsOfBatch((await batchesFor(json))[0]!.id);
    expect(csvRow).toMatchObject({
      host: "WEB01",
      site: "W3SVC1",
      method: "POST",
      status: 200,
      time_taken: 62,
      server_port: 443,
    });
    expect(csvRow!.time.toISOString()).toBe("2024-05-14T10:02:13.000Z");
    expect(jsonRow).toMatchObject({
      client_ip: "198.51.100.23",
      user_agent: "Mozilla/5.0+(Windows+NT+10.0)",
      status: 200,
      line: 1,
    });
    expect(jsonRow!.time.toISOString()).toBe("2024-05-14T10:07:31.000Z");
  });

  it("imports a directory recursively and keeps web_log_sources in step", async () => {
    const dir = await tmp();
    const host = `HOST-${randomBytes(3).toString("hex")}`;
    const sub = join(dir, "W3SVC1", "nested");
    await import("node:fs/promises").then((fs) => fs.mkdir(sub, { recursive: true }));
    const line = (t: string) => `2024-07-01 ${t} ${host} W3SVC1 203.0.113.9 GET /x.aspx 200`;
    await writeFile(
      join(dir, "W3SVC1", "u_ex1.log"),
      `#Fields: date time s-computername s-sitename c-ip cs-method cs-uri-stem sc-status\n${line("01:00:00")}\n`,
    );
    await writeFile(
      join(sub, "u_ex2.log.gz"),
      gzipSync(
        `#Fields: date time s-computername s-sitename c-ip cs-method cs-uri-stem sc-status\n${line("02:00:00")}\n${line("03:00:00")}\n`,
      ),
    );
    await writeFile(join(sub, "notes.md"), "not a log, and not picked up from a directory");
    const summary = await importWebLogs([dir]);
    expect(summary).toMatchObject({ files: 2, imported: 3, rejected: 0 });
    const source = await getPrisma().webLogSource.findUnique({ where: { host_site: { host, site: "W3SVC1" } } });
    expect(Number(source!.requests)).toBe(3);
    expect(source!.firstTime.toISOString()).toBe("2024-07-01T01:00:00.000Z");
    expect(source!.lastTime.toISOString()).toBe("2024-07-01T03:00:00.000Z");
  });
});
