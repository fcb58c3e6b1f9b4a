import { describe, expect, it } from "vitest";
import { chooseActivityBucket, MAX_ACTIVITY_DAYS } from "./choose-activity-bucket";

const t = (iso: string) => new Date(iso);

describe("chooseActivityBucket", () => {
  it("counts by hour under three days, aligned to whole hours, the last hour included", () => {
    const b = chooseActivityBucket(t("2024-06-03T05:17:09Z"), t("2024-06-05T23:59:59Z"));
    expect(b).toEqual({ unit: "hour", from: t("2024-06-03T05:00:00Z"), to: t("2024-06-06T00:00:00Z") });
  });

  it("counts by day from three days on, aligned to UTC midnight", () => {
    const b = chooseActivityBucket(t("2024-06-03T05:17:09Z"), t("2024-06-06T05:17:09Z"));
    expect(b).toEqual({ unit: "day", from: t("2024-06-03T00:00:00Z"), to: t("2024-06-07T00:00:00Z") });
  });

  it("one sighting is one hour", () => {
    const at = t("2024-06-03T05:17:09Z");
    expect(chooseActivityBucket(at, at)).toEqual({
      unit: "hour",
      from: t("2024-06-03T05:00:00Z"),
      to: t("2024-06-03T06:00:00Z"),
    });
  });

  it(`reads at most ${MAX_ACTIVITY_DAYS} days, ending at the last sighting`, () => {
    const b = chooseActivityBucket(t("2019-01-01T00:00:00Z"), t("2024-06-03T12:00:00Z"));
    expect(b.unit).toBe("day");
    expect(b.to).toEqual(t("2024-06-04T00:00:00Z"));
    expect((b.to.getTime() - b.from.getTime()) / 86_400_000).toBe(MAX_ACTIVITY_DAYS);
  });
});
