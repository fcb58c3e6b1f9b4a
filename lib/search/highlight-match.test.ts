import { describe, expect, it } from "vitest";
import { firstMatch, highlightMatch } from "./highlight-match";

const marked = (m: { text: string; start: number; end: number }) => m.text.slice(m.start, m.end);

describe("highlightMatch", () => {
  it("marks the match case-insensitively, keeping the value's own case", () => {
    const m = highlightMatch("user agent", "Mozilla/5.0+Python-Requests", "python-requests");
    expect(m).toMatchObject({ field: "user agent", cutStart: false, cutEnd: false });
    expect(marked(m)).toBe("Python-Requests");
  });

  it("marks the whole value when there is no needle (an IP inside a CIDR)", () => {
    expect(marked(highlightMatch("IP", "198.51.100.23", null))).toBe("198.51.100.23");
  });

  it("treats regular expression characters in the needle as text", () => {
    expect(marked(highlightMatch("command line", "cmd /c dir (a|b).*", "(a|b).*"))).toBe("(a|b).*");
  });

  it("keeps indexes right after a character whose lower case is longer", () => {
    const m = highlightMatch("label", "İİİ whoami", "whoami");
    expect(marked(m)).toBe("whoami");
  });

  it("cuts a long value to a window around the match", () => {
    const value = `${"a".repeat(1000)}NEEDLE${"b".repeat(1000)}`;
    const m = highlightMatch("command line", value, "needle", 200);
    expect(m.text.length).toBeLessThanOrEqual(200);
    expect(marked(m)).toBe("NEEDLE");
    expect(m).toMatchObject({ cutStart: true, cutEnd: true });
  });

  it("marks nothing when the needle is absent", () => {
    const m = highlightMatch("host", "WEB01", "zzz");
    expect(m.start).toBe(m.end);
  });
});

describe("firstMatch", () => {
  it("returns the first field holding the needle, or null", () => {
    const fields = [
      { field: "host", value: "WEB01" },
      { field: "command line", value: null },
      { field: "shell", value: "/aspnet_client/web01.aspx" },
    ];
    expect(firstMatch(fields, "aspnet")?.field).toBe("shell");
    expect(firstMatch(fields, "nothing")).toBeNull();
  });
});
