import { describe, expect, it } from "vitest";
import { loginPathFor, safeCallbackPath } from "./safe-callback-path";

describe("safeCallbackPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeCallbackPath("/cases/CASE-2026-0001?tab=notes#n3")).toBe("/cases/CASE-2026-0001?tab=notes#n3");
    expect(safeCallbackPath(["/alerts?host=web01", "/x"])).toBe("/alerts?host=web01");
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
