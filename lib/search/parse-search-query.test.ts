import { describe, expect, it } from "vitest";
import { containsPattern, parseSearchQuery } from "./parse-search-query";

describe("parseSearchQuery", () => {
  it("reads IPv4 and IPv6 addresses as addresses", () => {
    expect(parseSearchQuery(" 198.51.100.23 ")).toEqual({
      kind: "ip",
      text: "198.51.100.23",
      address: "198.51.100.23",
    });
    expect(parseSearchQuery("2001:DB8::1")).toEqual({ kind: "ip", text: "2001:DB8::1", address: "2001:db8::1" });
  });

  it("reads CIDR blocks, refusing a prefix longer than the family allows", () => {
    expect(parseSearchQuery("198.51.100.0/24")).toEqual({
      kind: "cidr",
      text: "198.51.100.0/24",
      network: "198.51.100.0/24",
    });
    expect(parseSearchQuery("2001:db8::/32")).toMatchObject({ kind: "cidr", network: "2001:db8::/32" });
    expect(parseSearchQuery("10.0.0.0/33").kind).toBe("too-short");
    expect(parseSearchQuery("999.1.1.1/8").kind).toBe("fragment");
  });

  it("does not take an IPv6 zone or a partial address for an address", () => {
    expect(parseSearchQuery("fe80::1%eth0").kind).toBe("fragment");
    expect(parseSearchQuery("198.51.100").kind).toBe("fragment");
  });

  it("reads case numbers in any case", () => {
    expect(parseSearchQuery("case-2026-0042")).toEqual({
      kind: "case-number",
      text: "case-2026-0042",
      number: "CASE-2026-0042",
    });
    expect(parseSearchQuery("CASE-2026").kind).toBe("fragment");
  });

  it("needs three letters or digits in a row for a fragment, non-ASCII letters included", () => {
    expect(parseSearchQuery("")).toEqual({ kind: "empty" });
    expect(parseSearchQuery("   ")).toEqual({ kind: "empty" });
    expect(parseSearchQuery("ab")).toEqual({ kind: "too-short", text: "ab" });
    expect(parseSearchQuery("%_%")).toEqual({ kind: "too-short", text: "%_%" });
    expect(parseSearchQuery("a/b/c").kind).toBe("too-short");
    expect(parseSearchQuery("Grü")).toEqual({ kind: "fragment", text: "Grü" });
    expect(parseSearchQuery("python-requests/2.31")).toEqual({ kind: "fragment", text: "python-requests/2.31" });
  });
});

describe("containsPattern", () => {
  it("escapes LIKE's wildcards and its escape character", () => {
    expect(containsPattern("50%_off\\x")).toBe("%50\\%\\_off\\\\x%");
    expect(containsPattern("it's")).toBe("%it's%");
  });
});
