import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AlertFileRejected, MAX_ROW_CHARS } from "./alert-source-row";
import { parseAlertFile, parseAlertStream, type AlertFileItem } from "./parse-alert-file";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/alerts");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** The bytes in pieces of `size`, so rows, UTF-8 sequences and CRLFs straddle chunk edges. */
async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  name = "a",
): Promise<AlertFileItem[]> {
  const items: AlertFileItem[] = [];
  for await (const item of parseAlertStream(input, name)) items.push(item);
  return items;
}

const summary = (items: AlertFileItem[]) =>
  items.map((i) => ("alert" in i ? { row: i.row, id: i.alert.systemAlertId, raw: i.alert.raw } : i));

describe("parseAlertStream", () => {
  it.each([
    "mde-webshell-alerts.json",
    "mde-webshell-alerts.jsonl",
    "mde-webshell-alerts.csv",
    "mde-webshell-alerts.array.json",
  ])("reads %s in 7-byte pieces exactly as whole", async (name) => {
    const bytes = fixture(name);
    const whole = await collect([bytes]);
    expect(whole).toHaveLength(2);
    expect(summary(await collect(pieces(bytes, 7)))).toEqual(summary(whole));
  });

  it("keeps the rows before JSON that breaks off, and says where it broke", async () => {
    const rows = [1, 2, 3].map((n) => ({ SystemAlertId: `a${n}`, TimeGenerated: "2024-05-14T10:02:13Z" }));
    const text = JSON.stringify(rows).slice(0, -30);
    const items = await collect(pieces(Buffer.from(text), 16));
    expect(items.filter((i) => "alert" in i).map((i) => "alert" in i && i.alert.systemAlertId)).toEqual(["a1", "a2"]);
    expect(items.at(-1)).toEqual({
      row: 3,
      reason: expect.stringMatching(/^is not valid JSON: .*; the rest of the file was not read$/) as unknown as string,
    });
  });

  it("refuses a query result whose rows come before its columns", async () => {
    const text = JSON.stringify({ tables: [{ rows: [["a"]], columns: [{ name: "SystemAlertId" }] }] });
    await expect(collect([text], "t.json")).rejects.toThrow(/rows before its "columns"/);
    await expect(collect([text], "t.json")).rejects.toThrow(AlertFileRejected);
  });

  it("reports a JSON Lines line over the cap without keeping it, and reads on", async () => {
    const good = (id: string) => JSON.stringify({ SystemAlertId: id, TimeGenerated: "2024-05-14T10:02:13Z" });
    const huge = JSON.stringify({ SystemAlertId: "big", Description: "x".repeat(MAX_ROW_CHARS) });
    const text = [good("a1"), huge, good("a3")].join("\n");
    const items = await collect(pieces(Buffer.from(text), 1 << 20));
    expect(summary(items).map((i) => ("id" in i ? i.id : i))).toEqual([
      "a1",
      { row: 2, reason: "is longer than 16 MiB" },
      "a3",
    ]);
  });

  it("rejects rows without SystemAlertId after a bounded number of them", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => ({ id: i }));
    await expect(parseAlertFile(JSON.stringify(rows), "n.json")).rejects.toThrow(
      /its first 1000 rows have a SystemAlertId|no row has/,
    );
  });

  it("reports a value over 1 MiB as a row error naming its column", async () => {
    const rows = [
      { SystemAlertId: "a1", TimeGenerated: "2024-05-14T10:02:13Z", Description: "d".repeat(1024 * 1024 + 1) },
      { SystemAlertId: "a2", TimeGenerated: "2024-05-14T10:02:13Z" },
    ];
    const { alerts, errors } = await parseAlertFile(JSON.stringify(rows), "big.json");
    expect(alerts.map((a) => a.systemAlertId)).toEqual(["a2"]);
    expect(errors).toEqual([{ row: 1, reason: "Description is longer than 1 MiB" }]);
  });
});
