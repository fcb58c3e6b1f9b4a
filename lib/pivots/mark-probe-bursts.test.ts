import { describe, expect, it } from "vitest";
import { markProbeBursts } from "./mark-probe-bursts";

const S = 1000;
const at = (seconds: number, status: number | null = 404) => ({ time: seconds * S, status });

describe("markProbeBursts", () => {
  it("marks five 404s within 60 s (both ends included) as one burst", () => {
    const rows = [at(0), at(10), at(20), at(30), at(60)];
    const { bursts, burstOf } = markProbeBursts(rows);
    expect(bursts).toEqual([{ index: 0, start: 0, end: 60 * S, count: 5 }]);
    expect(burstOf).toEqual([0, 0, 0, 0, 0]);
  });

  it("does not mark five 404s spread over 61 s, nor four within a second", () => {
    expect(markProbeBursts([at(0), at(10), at(20), at(30), at(61)]).bursts).toEqual([]);
    expect(markProbeBursts([at(0), at(0), at(0), at(1)]).bursts).toEqual([]);
  });

  it("counts only 404s: other statuses in between neither count nor break the burst", () => {
    const rows = [at(0), at(1, 403), at(2), at(3, 200), at(4), at(5, 403), at(6), at(7), at(8, 403)];
    const { bursts, burstOf } = markProbeBursts(rows);
    expect(bursts).toEqual([{ index: 0, start: 0, end: 7 * S, count: 5 }]);
    expect(burstOf).toEqual([0, null, 0, null, 0, null, 0, 0, null]);
    // Four 404s and four 403s: no burst.
    expect(
      markProbeBursts([at(0), at(1, 403), at(2), at(3, 403), at(4), at(5, 403), at(6), at(7, 403)]).bursts,
    ).toEqual([]);
  });

  it("leaves out a 404 outside every qualifying window, and merges windows that share a 404", () => {
    // Every 404 from 0 to 95 s is in some window of five within 60 s, and consecutive windows
    // share 404s: one burst. The 404 at 200 s is alone.
    const rows = [at(0), at(10), at(20), at(30), at(40), at(70), at(80), at(90), at(95), at(200)];
    const { bursts, burstOf } = markProbeBursts(rows);
    expect(bursts).toEqual([{ index: 0, start: 0, end: 95 * S, count: 9 }]);
    expect(burstOf).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, null]);
  });

  it("does not pull in a 404 that is near a burst but in no window of five", () => {
    const { burstOf } = markProbeBursts([at(0), at(1), at(2), at(3), at(4), at(50)]);
    // 50 − 0 ≤ 60: [0..50] holds six 404s, so 50 is in. At 65 s it is in no qualifying window.
    expect(burstOf).toEqual([0, 0, 0, 0, 0, 0]);
    expect(markProbeBursts([at(0), at(1), at(2), at(3), at(4), at(65)]).burstOf).toEqual([0, 0, 0, 0, 0, null]);
  });

  it("keeps two sweeps apart when no 60 s window joins them", () => {
    const first = [0, 1, 2, 3, 4].map((s) => at(s));
    const second = [100, 101, 102, 103, 104, 105].map((s) => at(s));
    const { bursts, burstOf } = markProbeBursts([...first, at(50, 200), ...second]);
    expect(bursts).toEqual([
      { index: 0, start: 0, end: 4 * S, count: 5 },
      { index: 1, start: 100 * S, end: 105 * S, count: 6 },
    ]);
    expect(burstOf).toEqual([0, 0, 0, 0, 0, null, 1, 1, 1, 1, 1, 1]);
  });

  it("honours another threshold and span", () => {
    expect(markProbeBursts([at(0), at(5), at(10)], 3, 10 * S).bursts).toHaveLength(1);
    expect(markProbeBursts([at(0), at(5), at(11)], 3, 10 * S).bursts).toHaveLength(0);
  });
});
