// The importer's bounds on hostile input: gzip bombs, times that would create partitions for
// years nobody logs in, and files that would create too many partitions. Each refused file
// leaves nothing behind, and the good files (or lines) beside it still import.
import { afterAll, describe, expect, it } from "vitest";
import { createWriteStream } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { getPool, closeDb } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { importWebLogs } from "../../lib/ingest/import-web-logs";
import { getEnv } from "../../lib/env";

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), "shellcase-bounds-"));
}

/** Unique content per test, so that content-hash deduplication never links two tests. */
const remark = () => `#Remark: test ${randomBytes(6).toString("hex")}\n`;

async function partitionsNamed(names: string[]): Promise<string[]> {
  const { rows } = await getPool().query<{ relname: string }>(
    `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'web_requests'::regclass AND c.relname = ANY($1) ORDER BY 1`,
    [names],
  );
  return rows.map((r) => r.relname);
}

async function batchOf(path: string): Promise<{ id: number; status: string; message: string | null }> {
  const { rows } = await getPool().query<{ id: number; status: string; message: string | null }>(
    "SELECT id, status, message FROM import_batches WHERE file_name = $1 ORDER BY id DESC LIMIT 1",
    [path],
  );
  return rows[0]!;
}

async function requestsOf(batchId: number): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM web_requests WHERE batch_id = $1",
    [batchId],
  );
  return rows[0]!.n;
}

describe("import web-logs: bounded input", () => {
  it("refuses a gzip bomb by name and still imports the other files of the batch", async () => {
    const dir = await tmp();
    // 1 GiB of valid log lines in ~1 MiB: 16 gzip members of 64 MiB each, written as a stream.
    const bomb = join(dir, "u_ex240514.log.gz");
    const line = "2024-05-14 10:00:00 /a\n";
    const member = gzipSync(Buffer.from(line.repeat(Math.ceil((64 << 20) / line.length))));
    const out = createWriteStream(bomb);
    out.write(gzipSync(remark() + "#Fields: date time cs-uri-stem\n"));
    for (let i = 0; i < 16; i++) if (!out.write(member)) await once(out, "drain");
    out.end();
    await once(out, "finish");
    // A normal file next to it, in two members as log rotation tools append them.
    const good = join(dir, "u_ex240515.log.gz");
    await writeFile(
      good,
      Buffer.concat([
        gzipSync(remark() + "#Fields: date time cs-uri-stem\n2024-05-15 10:00:00 /one\n"),
        gzipSync("2024-05-15 10:00:01 /two\n2024-05-15 10:00:02 /three\n"),
      ]),
    );

    const summary = await importWebLogs([dir]);
    expect(summary).toMatchObject({ files: 2, imported: 3, rejected: 1 });
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ file: bomb, line: null });
    expect(summary.errors[0]!.reason).toMatch(
      new RegExp(
        `^${bomb.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: decompresses to more than .*; refusing a possible gzip bomb$`,
      ),
    );
    const refused = await batchOf(bomb);
    expect(refused.status).toBe("rejected");
    expect(await requestsOf(refused.id)).toBe(0);
    const imported = await batchOf(good);
    expect(imported.status).toBe("completed");
    expect(await requestsOf(imported.id)).toBe(3);
  });

  it("reports year-9999 and year-0001 lines with their numbers, creates no partition for them, keeps the rest", async () => {
    const dir = await tmp();
    const path = join(dir, "u_ex240516.log");
    const lines = [
      "#Fields: date time c-ip cs-uri-stem",
      "2024-05-16 10:00:00 198.51.100.7 /good-1", // 3 (after the remark)
      "9999-12-31 23:59:59 198.51.100.7 /future", // 4
      "0001-01-01 00:00:00 198.51.100.7 /ancient", // 5
      "2024-05-16 10:00:01 198.51.100.7 /good-2", // 6
    ];
    await writeFile(path, remark() + lines.join("\n") + "\n");
    const summary = await importWebLogs([path]);
    expect(summary).toMatchObject({ files: 1, imported: 2, rejected: 0 });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(summary.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(summary.errors[0]!.reason).toMatch(new RegExp(`^date 9999-12-31 is outside 1995-01-01 … ${tomorrow} `));
    expect(summary.errors[1]!.reason).toMatch(new RegExp(`^date 0001-01-01 is outside 1995-01-01 … ${tomorrow} `));
    expect(await partitionsNamed(["web_requests_y9999m12", "web_requests_y0001m01"])).toEqual([]);
    const { rows } = await getPool().query<{ line: number; uri_stem: string }>(
      "SELECT line, uri_stem FROM web_requests WHERE batch_id = $1 ORDER BY line",
      [(await batchOf(path)).id],
    );
    expect(rows).toEqual([
      { line: 3, uri_stem: "/good-1" },
      { line: 6, uri_stem: "/good-2" },
    ]);
  });

  it("applies the same time range to W3CIISLog CSV rows", async () => {
    const dir = await tmp();
    const path = join(dir, "export.csv");
    const csv = [
      "TimeGenerated [UTC],csUriStem,cIP",
      "2024-05-17T10:00:00Z,/good,198.51.100.8",
      "9999-12-31T00:00:00Z,/future,198.51.100.8",
      `2024-05-17T10:00:01Z,/${randomBytes(6).toString("hex")},198.51.100.8`,
    ].join("\n");
    await writeFile(path, csv + "\n");
    const summary = await importWebLogs([path]);
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
    expect(summary.errors.map((e) => e.line)).toEqual([3]);
    expect(summary.errors[0]!.reason).toMatch(/^date 9999-12-31 is outside 1995-01-01 … \d{4}-\d\d-\d\d /);
  });

  it("refuses a file whose lines need more new partitions than IMPORT_MAX_NEW_PARTITIONS, creating none", async () => {
    const max = getEnv().IMPORT_MAX_NEW_PARTITIONS;
    const dir = await tmp();
    const path = join(dir, "u_ex010101.log");
    // One line a month from 2001-01 on: one month more than the cap allows.
    const months = Array.from({ length: max + 1 }, (_, i) => {
      const d = new Date(Date.UTC(2001, i, 1));
      return d.toISOString().slice(0, 7);
    });
    const lines = months.map((m) => `${m}-01 00:00:00 /m`);
    await writeFile(path, remark() + "#Fields: date time cs-uri-stem\n" + lines.join("\n") + "\n");
    const names = months.map((m) => `web_requests_y${m.slice(0, 4)}m${m.slice(5)}`);
    expect(await partitionsNamed(names)).toEqual([]);

    const summary = await importWebLogs([path]);
    expect(summary).toMatchObject({ files: 1, imported: 0, rejected: 1 });
    expect(summary.errors[0]!.reason).toBe(
      `its lines fall in ${max + 1} months that have no partition yet (${months[0]} … ${months[max]}), more than the ${max} one file may create (IMPORT_MAX_NEW_PARTITIONS); split the file or raise the limit`,
    );
    expect((await batchOf(path)).status).toBe("rejected");
    expect(await partitionsNamed(names)).toEqual([]);

    // Without its last line the file is within the cap and imports whole.
    const within = join(dir, "u_ex010102.log");
    await writeFile(within, remark() + "#Fields: date time cs-uri-stem\n" + lines.slice(0, max).join("\n") + "\n");
    expect(await importWebLogs([within])).toMatchObject({ imported: max, rejected: 0 });
    expect(await partitionsNamed(names)).toEqual(names.slice(0, max).sort());
  });

  it("counts a month that only pass 2 finds against the same cap, and rolls its partition back", async () => {
    const max = getEnv().IMPORT_MAX_NEW_PARTITIONS;
    const dir = await tmp();
    const path = join(dir, "u_ex050101.log");
    const months = Array.from({ length: max }, (_, i) => new Date(Date.UTC(2005, i, 1)).toISOString().slice(0, 7));
    const late = new Date(Date.UTC(2005, max, 1)).toISOString().slice(0, 7);
    const lines = [
      "#Fields: date time cs-uri-stem",
      ...months.map((m) => `${m}-01 00:00:00 /m`),
      // A second layout puts the date second, and the next line has the first layout's field
      // count: the parser reads it with that layout (as for joined logs), the month scan cannot.
      "#Fields: cs-uri-stem date time c-ip",
      `${late}-01 00:00:00 /late`,
    ];
    await writeFile(path, remark() + lines.join("\n") + "\n");
    const summary = await importWebLogs([path]);
    expect(summary).toMatchObject({ files: 1, imported: 0, rejected: 1 });
    expect(summary.errors[0]!.reason).toBe(
      `lines fall in more than ${max} months that had no partition (IMPORT_MAX_NEW_PARTITIONS), ${late} among them; split the file or raise the limit`,
    );
    const batch = await batchOf(path);
    expect(batch.status).toBe("rejected");
    expect(await requestsOf(batch.id)).toBe(0);
    expect(await partitionsNamed([`web_requests_y${late.slice(0, 4)}m${late.slice(5)}`])).toEqual([]);
  });
});
