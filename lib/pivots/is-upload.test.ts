import { describe, expect, it } from "vitest";
import { isUpload } from "./find-attacker-timeline";

const req = (method: string, uriStem: string, bytesReceived: string | null, uriQuery: string | null = null) => ({
  method,
  uriStem,
  uriQuery,
  bytesReceived,
});

describe("isUpload (timeline marker)", () => {
  it("marks a POST or PUT with a file-sized body to a script page", () => {
    expect(isUpload(req("POST", "/upload.aspx", "9000"))).toBe(true);
    expect(isUpload(req("put", "/api/files.ashx", "2048"))).toBe(true);
    expect(isUpload(req("POST", "/Telerik.Web.UI.WebResource.axd", "5000", "type=rau"))).toBe(true);
  });

  it("does not mark a small POST (a form, a shell command), a GET, or a write to a static path", () => {
    expect(isUpload(req("POST", "/shell.aspx", "700"))).toBe(false);
    expect(isUpload(req("GET", "/upload.aspx", "9000"))).toBe(false);
    expect(isUpload(req("POST", "/images/x.png", "9000"))).toBe(false);
    expect(isUpload(req("POST", "/a.aspxx", "9000"))).toBe(false);
  });

  it("without cs-bytes, marks a write that names an upload", () => {
    expect(isUpload(req("POST", "/api/upload.ashx", null))).toBe(true);
    expect(isUpload(req("POST", "/Telerik.Web.UI.WebResource.axd", null, "type=rau"))).toBe(true);
    expect(isUpload(req("POST", "/login.aspx", null))).toBe(false);
  });
});
