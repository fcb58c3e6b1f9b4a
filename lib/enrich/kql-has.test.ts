import { describe, expect, it } from "vitest";
import { hasAnyTerm, lastSegments, SCRIPT_EXTENSIONS } from "./kql-has";

const script = (s: string) => hasAnyTerm(s, SCRIPT_EXTENSIONS);

describe("hasAnyTerm (KQL has_any)", () => {
  it("keeps the query's list, .js included", () => {
    expect(SCRIPT_EXTENSIONS).toEqual([".php", ".jsp", ".js", ".aspx", ".asmx", ".asax", ".cfm", ".shtml"]);
  });

  it("matches an extension at the end or followed by a non-alphanumeric character", () => {
    expect(script("/a.aspx")).toBe(true);
    expect(script("/a.aspx/b")).toBe(true);
    expect(script("/a.aspx;.jpg")).toBe(true);
    expect(script("/a.php?x")).toBe(true);
    expect(script("/uploads/x.shtml")).toBe(true);
  });

  it("rejects an extension followed by a letter or digit (a term boundary is required)", () => {
    expect(script("/a.aspxx")).toBe(false);
    expect(script("/a.aspx2")).toBe(false);
    expect(script("/a.phpé")).toBe(false);
    expect(script("/api/upload.ashx")).toBe(false);
    expect(script("/images/logo.png")).toBe(false);
  });

  it("gives .js term semantics: .jsp and .json do not contain the term .js", () => {
    expect(hasAnyTerm("/a.jsp", [".js"])).toBe(false);
    expect(hasAnyTerm("/a.json", [".js"])).toBe(false);
    expect(hasAnyTerm("/static/app.js", [".js"])).toBe(true);
    expect(hasAnyTerm("/static/app.js/x", [".js"])).toBe(true);
    expect(hasAnyTerm("/static/app.min.js", [".js"])).toBe(true);
    // .jsp is in the list itself, so the whole list still matches /a.jsp
    expect(script("/a.jsp")).toBe(true);
    expect(script("/a.json")).toBe(false);
  });

  it("ignores case", () => {
    expect(script("/A.ASPX")).toBe(true);
    expect(script("/Shell.PhP")).toBe(true);
    expect(hasAnyTerm("/a.aspx", [".ASPX"])).toBe(true);
  });

  it("finds a later occurrence when an earlier one is not a whole term", () => {
    expect(script("/x.aspxx/y.aspx")).toBe(true);
    expect(script("/x.aspxx/y.aspxy")).toBe(false);
  });

  it("needs a term boundary before a needle that starts with a letter", () => {
    expect(hasAnyTerm("North America", ["america"])).toBe(true);
    expect(hasAnyTerm("NorthAmerica", ["america"])).toBe(false);
  });

  it("does not match the empty string or an empty term list", () => {
    expect(script("")).toBe(false);
    expect(hasAnyTerm("/a.aspx", [])).toBe(false);
  });
});

describe("lastSegments (split(stem, '/')[-1] and [-2])", () => {
  it("takes the file name and the folder it is in", () => {
    expect(lastSegments("/aspnet_client/system_web/Setconfigure.aspx")).toEqual({
      fileName: "Setconfigure.aspx",
      firstDir: "system_web",
    });
    expect(lastSegments("/a.aspx")).toEqual({ fileName: "a.aspx", firstDir: "" });
  });

  it('gives "" for a missing index and keeps empty segments', () => {
    expect(lastSegments("a.aspx")).toEqual({ fileName: "a.aspx", firstDir: "" });
    expect(lastSegments("/a.aspx/")).toEqual({ fileName: "", firstDir: "a.aspx" });
    expect(lastSegments("")).toEqual({ fileName: "", firstDir: "" });
  });
});
