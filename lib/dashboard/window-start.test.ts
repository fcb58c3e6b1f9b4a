import { describe, expect, it } from "vitest";
import { windowStart } from "./get-lifecycle-times";

describe("windowStart", () => {
  it("is 30 days before now by default, to the millisecond", () => {
    expect(windowStart(new Date("2026-12-05T10:30:00.123Z")).toISOString()).toBe("2026-11-05T10:30:00.123Z");
    expect(windowStart(new Date("2026-12-05T10:30:00Z"), 7).toISOString()).toBe("2026-11-28T10:30:00.000Z");
  });
});
