import { describe, expect, it } from "vitest";
import { pivotParamsSchema } from "./pivot-params";

const base = { host: "WEB01", site: "W3SVC1", ip: "198.51.100.7", anchor: "2024-05-14T10:02:13Z" };
const issue = (input: Record<string, unknown>) => {
  const r = pivotParamsSchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("pivotParamsSchema", () => {
  it("fills the notebook's defaults and normalises the anchor to ISO-8601 UTC with ms", () => {
    expect(pivotParamsSchema.parse({ ...base, anchor: "2024-05-14T12:02:13.5+02:00" })).toEqual({
      ...base,
      anchor: "2024-05-14T10:02:13.500Z",
      window: "30m",
      lookback: "30d",
      allRequests: false,
    });
  });

  it("stores the user agent in its logged form", () => {
    expect(pivotParamsSchema.parse({ ...base, userAgent: "curl/8.0 (x86_64) libcurl" }).userAgent).toBe(
      "curl/8.0+(x86_64)+libcurl",
    );
  });

  it("names the field of a bad duration, and says which forms are accepted", () => {
    expect(issue({ ...base, window: "5x" })).toEqual([
      {
        path: "window",
        message: expect.stringMatching(/^"5x" is not a duration; use 30m, 1h, 5h, 7h, 1d, 3d, 7d or <n>\[smhd\]/),
      },
    ]);
    expect(issue({ ...base, lookback: "400d" })).toEqual([
      { path: "lookback", message: "400d is longer than the maximum, 365d" },
    ]);
  });

  it("needs an IP or a user agent, a valid IP, a zoned anchor, a host and a site", () => {
    expect(issue({ ...base, ip: undefined })).toEqual([
      { path: "ip", message: "give the attacker's IP, user agent, or both" },
    ]);
    expect(issue({ ...base, ip: "198.51.100" })[0]).toEqual({ path: "ip", message: "not an IPv4 or IPv6 address" });
    expect(issue({ ...base, anchor: "2024-05-14 10:02:13" })[0]!.path).toBe("anchor");
    expect(issue({ ...base, anchor: "2024-05-14T10:02:13" })[0]!.path).toBe("anchor");
    expect(issue({ ...base, host: " " })[0]).toEqual({ path: "host", message: "host is required" });
    expect(issue({ ...base, site: "" })[0]).toEqual({ path: "site", message: "site is required" });
    expect(pivotParamsSchema.parse({ ...base, ip: "2001:db8::1" }).ip).toBe("2001:db8::1");
  });
});
