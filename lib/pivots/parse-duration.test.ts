import { describe, expect, it } from "vitest";
import { parseDuration, WINDOW_PRESETS } from "./parse-duration";

describe("parseDuration", () => {
  it("reads every notebook preset", () => {
    expect(WINDOW_PRESETS.map((w) => parseDuration(w))).toEqual([
      30 * 60_000,
      3_600_000,
      5 * 3_600_000,
      7 * 3_600_000,
      86_400_000,
      3 * 86_400_000,
      7 * 86_400_000,
    ]);
  });

  it("reads custom <n>[smhd] values", () => {
    expect(parseDuration("1s")).toBe(1000);
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("45m")).toBe(45 * 60_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("365d")).toBe(365 * 86_400_000);
  });

  it.each(["", "30", "m", "0m", "-5m", "1.5h", "30M", "1w", " 30m", "30m ", "1h30m", "01h", "1e3s", "1234567s"])(
    "rejects %j with a message naming the flag and the accepted forms",
    (bad) => {
      expect(() => parseDuration(bad, "--window")).toThrow(
        /^--window: .* is not a duration; use 30m, 1h, 5h, 7h, 1d, 3d, 7d or <n>\[smhd\]/,
      );
    },
  );

  it("rejects a duration above the maximum, naming the field", () => {
    expect(() => parseDuration("366d", "lookback")).toThrow("lookback: 366d is longer than the maximum, 365d");
    expect(() => parseDuration("2d", "window", 86_400_000)).toThrow(/^window: 2d is longer/);
  });
});
