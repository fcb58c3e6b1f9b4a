import { describe, expect, it } from "vitest";
import { sessionIsCurrent } from "./session-is-current";

describe("sessionIsCurrent", () => {
  const reset = new Date("2026-12-01T10:00:00.000Z");

  it("accepts every session of a user whose sessions were never revoked", () => {
    expect(sessionIsCurrent(undefined, null)).toBe(true);
    expect(sessionIsCurrent(0, null)).toBe(true);
  });

  it("refuses sessions signed in before the reset and accepts those signed in at or after it", () => {
    expect(sessionIsCurrent(reset.getTime() - 1, reset)).toBe(false);
    expect(sessionIsCurrent(reset.getTime(), reset)).toBe(true);
    expect(sessionIsCurrent(reset.getTime() + 60_000, reset)).toBe(true);
  });

  it("refuses a session with no sign-in time once sessions were revoked", () => {
    expect(sessionIsCurrent(undefined, reset)).toBe(false);
  });
});
