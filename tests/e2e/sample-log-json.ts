// The sample IIS log (tests/fixtures/iis/u_ex240514.log) as a Log Analytics W3CIISLog JSON export:
// a JSON export can hold spaces and markup inside a field, which the W3C format cannot, so specs
// that plant attacker markup in a request write the log this way.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export const SAMPLE_LOG = join(import.meta.dirname, "..", "fixtures", "iis", "u_ex240514.log");

/** W3CIISLog's column for each W3C field the sample logs. */
const W3CIISLOG_COLUMN: Record<string, string> = {
  "s-sitename": "sSiteName",
  "s-computername": "sComputerName",
  "s-ip": "sIP",
  "cs-method": "csMethod",
  "cs-uri-stem": "csUriStem",
  "cs-uri-query": "csUriQuery",
  "s-port": "sPort",
  "c-ip": "cIP",
  "cs(User-Agent)": "csUserAgent",
  "cs-host": "csHost",
  "sc-status": "scStatus",
};

/** The sample log as W3CIISLog JSON rows, with `rewrite` applied to each row. */
export async function sampleLogAsW3cIisLogJson(rewrite: (row: Record<string, string>) => void): Promise<Buffer> {
  let fields: string[] = [];
  const rows: Record<string, string>[] = [];
  for (const line of (await readFile(SAMPLE_LOG, "utf8")).split(/\r?\n/)) {
    if (line.startsWith("#Fields:")) fields = line.slice(8).trim().split(" ");
    if (line === "" || line.startsWith("#")) continue;
    const values = line.split(" ");
    const value = (name: string) => values[fields.indexOf(name)]!;
    const row: Record<string, string> = { TimeGenerated: `${value("date")}T${value("time")}Z` };
    for (const [field, column] of Object.entries(W3CIISLOG_COLUMN)) row[column] = value(field);
    rewrite(row);
    rows.push(row);
  }
  return Buffer.from(JSON.stringify(rows));
}
