import { describe, expect, it } from "vitest";
import { gaps } from "./coverage";

describe("gaps", () => {
  it("is the whole range when nothing is covered", () => {
    expect(gaps(0, 100, [])).toEqual([{ from: 0, to: 100 }]);
  });

  it("leaves out covered parts, both ends included", () => {
    expect(
      gaps(0, 100, [
        { from: 10, to: 20 },
        { from: 50, to: 100 },
      ]),
    ).toEqual([
      { from: 0, to: 9 },
      { from: 21, to: 49 },
    ]);
  });

  it("merges overlapping and unordered cover", () => {
    expect(
      gaps(0, 100, [
        { from: 30, to: 60 },
        { from: -5, to: 35 },
        { from: 55, to: 70 },
      ]),
    ).toEqual([{ from: 71, to: 100 }]);
  });

  it("is empty when one range covers it exactly or more", () => {
    expect(gaps(10, 20, [{ from: 10, to: 20 }])).toEqual([]);
    expect(gaps(10, 20, [{ from: 0, to: 30 }])).toEqual([]);
  });

  it("ignores cover outside the range", () => {
    expect(
      gaps(10, 20, [
        { from: 0, to: 5 },
        { from: 25, to: 30 },
      ]),
    ).toEqual([{ from: 10, to: 20 }]);
  });
});
