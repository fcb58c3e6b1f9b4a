import { describe, expect, it } from "vitest";
import { sessionIsCurrent } from "./session-is-current";

const HOUR = 60 * 60 * 1000;
const MAX = { maxAgeMs: 12 * HOUR };

describe("sessionIsCurrent", () => {
  const reset = new Date("2026-12-01T10:00:00.000Z");
  const at = (ms: number) => ({ ...MAX, now: reset.getTime() + ms });

  it("accepts a young session of a user whose sessions were never revoked", () => {
    expect(sessionIsCurrent({ sid: "s1", signedInAt: reset.getTime() }, null, at(HOUR))).toBe(true);
  });

  it("refuses sessions signed in before the reset and accepts those signed in at or after it", () => {
    expect(sessionIsCurrent({ sid: "s1", signedInAt: reset.getTime() - 1 }, reset, at(0))).toBe(false);
    expect(sessionIsCurrent({ sid: "s1", signedInAt: reset.getTime() }, reset, at(0))).toBe(true);
    expect(sessionIsCurrent({ sid: "s1", signedInAt: reset.getTime() + 60_000 }, reset, at(HOUR))).toBe(true);
  });

  it("ends a session at its absolute lifetime from sign-in, however recently it was used", () => {
    const signedInAt = reset.getTime();
    expect(sessionIsCurrent({ sid: "s1", signedInAt }, null, at(12 * HOUR - 1))).toBe(true);
    expect(sessionIsCurrent({ sid: "s1", signedInAt }, null, at(12 * HOUR))).toBe(false);
    expect(sessionIsCurrent({ sid: "s1", signedInAt }, null, { maxAgeMs: HOUR, now: signedInAt + 2 * HOUR })).toBe(
      false,
    );
  });

  it("refuses a session without an id or a sign-in time, or signed in in the future", () => {
    expect(sessionIsCurrent({ signedInAt: reset.getTime() }, null, at(0))).toBe(false);
    expect(sessionIsCurrent({ sid: "", signedInAt: reset.getTime() }, null, at(0))).toBe(false);
    expect(sessionIsCurrent({ sid: "s1" }, null, at(0))).toBe(false);
    expect(sessionIsCurrent({ sid: "s1", signedInAt: reset.getTime() + 2 * HOUR }, null, at(0))).toBe(false);
  });
});
