import { describe, expect, it } from "vitest";
import { timeChunks } from "./time-chunks";

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 10);
const at = (ms: number) => new Date(T0 + ms);
const plain = (cs: ReturnType<typeof timeChunks>) =>
  cs.map((c) => [c.lo.getTime() - T0, c.hi.getTime() - T0, c.loInclusive]);

/** Whether ms falls in the pieces, and in how many (must be exactly one inside the range). */
const hits = (cs: ReturnType<typeof timeChunks>, ms: number) =>
  cs.filter((c) => (c.loInclusive ? T0 + ms >= c.lo.getTime() : T0 + ms > c.lo.getTime()) && T0 + ms <= c.hi.getTime())
    .length;

describe("timeChunks", () => {
  it("walks backward from the end in growing pieces, the last one including the start", () => {
    expect(plain(timeChunks(at(-30 * 24 * H), at(0), "backward"))).toEqual([
      [-H, 0, false],
      [-6 * H, -H, false],
      [-24 * H, -6 * H, false],
      [-7 * 24 * H, -24 * H, false],
      [-30 * 24 * H, -7 * 24 * H, true],
    ]);
  });

  it("walks forward from the start, excluding it when asked", () => {
    expect(plain(timeChunks(at(0), at(7 * 24 * H), "forward", false))).toEqual([
      [0, H, false],
      [H, 6 * H, false],
      [6 * H, 24 * H, false],
      [24 * H, 7 * 24 * H, false],
    ]);
    expect(plain(timeChunks(at(0), at(30 * 60_000), "forward"))).toEqual([[0, 30 * 60_000, true]]);
  });

  it("covers every instant of the range exactly once, and nothing outside it", () => {
    for (const [direction, fromInclusive] of [
      ["backward", true],
      ["backward", false],
      ["forward", true],
      ["forward", false],
    ] as const) {
      const cs = timeChunks(at(0), at(10 * 24 * H), direction, fromInclusive);
      for (const ms of [1, H - 1, H, H + 1, 6 * H, 24 * H, 9 * 24 * H, 10 * 24 * H - 1, 10 * 24 * H]) {
        expect(hits(cs, ms), `${direction} ${ms}`).toBe(1);
      }
      expect(hits(cs, 0)).toBe(fromInclusive ? 1 : 0);
      expect(hits(cs, -1)).toBe(0);
      expect(hits(cs, 10 * 24 * H + 1)).toBe(0);
    }
  });

  it("gives one piece for an instant, and none for an empty range", () => {
    expect(plain(timeChunks(at(0), at(0), "backward"))).toEqual([[0, 0, true]]);
    expect(timeChunks(at(0), at(0), "forward", false)).toEqual([]);
    expect(timeChunks(at(1), at(0), "forward")).toEqual([]);
  });
});
