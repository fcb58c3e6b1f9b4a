import { describe, expect, it } from "vitest";
import { timeInStates } from "./time-in-states";

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
const MIN = 60_000;

describe("time in states", () => {
  it("sums each status's stays and counts the current one up to now", () => {
    const t = timeInStates(
      [
        { toStatus: "new", changedAt: at(0) },
        { toStatus: "triage", changedAt: at(10) },
        { toStatus: "investigating", changedAt: at(25) },
      ],
      at(100),
    );
    expect(t.byStatus).toEqual({ new: 10 * MIN, triage: 15 * MIN, investigating: 75 * MIN });
    expect(t.ageMs).toBe(100 * MIN);
    expect(t.stays.at(-1)).toMatchObject({ status: "investigating", to: null, ms: 75 * MIN });
  });

  it("adds up a status entered twice (a reopened case) and sorts changes given out of order", () => {
    const t = timeInStates(
      [
        { toStatus: "closed", changedAt: at(30) },
        { toStatus: "new", changedAt: at(0) },
        { toStatus: "investigating", changedAt: at(40) },
        { toStatus: "investigating", changedAt: at(5) },
      ],
      at(50),
    );
    expect(t.byStatus).toEqual({ new: 5 * MIN, investigating: 25 * MIN + 10 * MIN, closed: 10 * MIN });
    expect(t.stays.map((s) => s.status)).toEqual(["new", "investigating", "closed", "investigating"]);
  });

  it("stops a closed case's age at its close", () => {
    const t = timeInStates(
      [
        { toStatus: "new", changedAt: at(0) },
        { toStatus: "closed", changedAt: at(20) },
      ],
      at(500),
      at(20),
    );
    expect(t.ageMs).toBe(20 * MIN);
    expect(t.byStatus.closed).toBe(480 * MIN);
  });

  it("is empty without changes and never negative with a clock ahead of now", () => {
    expect(timeInStates([], at(10))).toEqual({ ageMs: 0, byStatus: {}, stays: [] });
    const t = timeInStates([{ toStatus: "new", changedAt: at(10) }], at(5));
    expect(t.byStatus.new).toBe(0);
    expect(t.ageMs).toBe(0);
  });
});
