import { describe, expect, it } from "vitest";
import { loginPathFor, safeCallbackPath } from "./safe-callback-path";

describe("safeCallbackPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeCallbackPath("/cases/CASE-2026-0001?tab=notes#n3")).toBe("/cases/CASE-2026-0001?tab=notes#n3");
    expect(safeCallbackPath(["/alerts?host=web01", "/x"])).toBe("/alerts?host=web01");
  });

  it("returns the normalised path, which stays on this site", () => {
    expect(safeCallbackPath("/cases/./x/../CASE-1")).toBe("/cases/CASE-1");
    expect(safeCallbackPath("/alerts?q=%2F%2Fevil.example")).toBe("/alerts?q=%2F%2Fevil.example");
    expect(safeCallbackPath("/cases/a%20b")).toBe("/cases/a%20b");
  });

  it.each([
    ["absolute URL", "https://evil.example/cases"],
    ["protocol-relative", "//evil.example/cases"],
    ["backslash", "/\\evil.example"],
    ["backslash later", "/cases\\..\\evil"],
    ["javascript", "javascript:alert(1)"],
    ["relative without slash", "cases"],
    ["control characters", "/\t/evil.example"],
    ["the login page", "/login?callbackUrl=https://evil.example"],
    ["an API route", "/api/auth/signout"],
    ["nothing", undefined],
    // Normalised by the URL parser (dot segments, encoded dots) into "//host": another site.
    ["dot segment", "/.//evil.example"],
    ["encoded dot", "/%2e//evil.example"],
    ["encoded upper-case dot", "/%2E//evil.example"],
    ["parent segment", "/a/..//evil.example"],
    ["encoded parent segment", "/%2E%2E//evil.example"],
    ["parent from the root", "/..//evil.example"],
    ["dot then encoded slash", "/.%2f/evil.example"],
    ["encoded slashes", "/%2f%2fevil.example"],
    ["upper-case encoded slashes", "/%2F%2Fevil.example"],
    ["double-encoded slashes", "/%252f%252fevil.example"],
    ["encoded backslashes", "/%5c%5cevil.example"],
    ["encoded slash and backslash", "/%2f%5cevil.example"],
    ["backslash after a dot", "/.\\evil.example"],
    ["tab inside the slashes", "/\t/evil.example"],
    ["newline inside the slashes", "/\n/evil.example"],
    ["encoded tab", "/%09/evil.example"],
    ["encoded newline", "/%0a/evil.example"],
    ["dot segments and encoded slash", "/./%2e/%2F/evil.example"],
    ["the login page via dot segments", "/cases/../login?callbackUrl=//evil.example"],
    ["an encoded API path", "/%61pi/auth/signout"],
    ["empty", ""],
  ])("refuses %s", (_name, value) => {
    expect(safeCallbackPath(value)).toBe("/");
  });

  it("builds the login URL with the target encoded", () => {
    expect(loginPathFor("/cases?status=open&page=2")).toBe("/login?callbackUrl=%2Fcases%3Fstatus%3Dopen%26page%3D2");
    expect(loginPathFor("/")).toBe("/login");
    expect(loginPathFor("https://evil.example")).toBe("/login");
  });
});
