import { describe, expect, it } from "vitest";
import { W3cMonthScanner } from "./scan-w3c-months";

function scan(text: string, maxTime: number): string[] {
  const scanner = new W3cMonthScanner(maxTime);
  scanner.push(Buffer.from(text));
  scanner.end();
  return [...scanner.months].sort();
}

describe("W3cMonthScanner", () => {
  const maxTime = Date.parse("2026-12-05T00:00:00Z");

  it("leaves out months outside 1995 … tomorrow, whether the date is first, later or from #Date", () => {
    const dateFirst = [
      "#Fields: date time cs-uri-stem",
      "2024-05-14 10:00:00 /a",
      "9999-12-31 23:59:59 /future",
      "0001-01-01 00:00:00 /ancient",
      "1994-12-31 23:59:59 /before",
      "1995-01-01 00:00:00 /first",
      "2027-01-01 00:00:00 /next-year",
      "2026-12-05 00:00:00 /tomorrow",
    ].join("\n");
    expect(scan(dateFirst, maxTime)).toEqual(["1995-01", "2024-05", "2026-12"]);

    const dateLater = "#Fields: cs-uri-stem date time\n/a 2024-06-01 00:00:00\n/b 9999-01-01 00:00:00\n";
    expect(scan(dateLater, maxTime)).toEqual(["2024-06"]);

    const directive =
      "#Date: 9999-12-31 00:00:00\n#Fields: time cs-uri-stem\n00:00:00 /a\n#Date: 2024-07-01 00:00:00\n";
    expect(scan(directive, maxTime)).toEqual(["2024-07"]);
  });
});
