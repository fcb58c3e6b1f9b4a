import { describe, expect, it } from "vitest";
import { normaliseUserAgent } from "./normalise-user-agent";

const LOGGED = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0";

describe("normaliseUserAgent", () => {
  it("keeps a user agent as logged unchanged", () => {
    expect(normaliseUserAgent(LOGGED)).toBe(LOGGED);
  });

  it("turns the spaced form into the logged form", () => {
    expect(normaliseUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0")).toBe(
      LOGGED,
    );
  });

  it("turns every space of a mixed form into + and keeps its + (and other characters) as they are", () => {
    expect(normaliseUserAgent("a+b c  d")).toBe("a+b+c++d");
    expect(normaliseUserAgent("curl/8.0\t")).toBe("curl/8.0\t");
  });
});
