import { describe, expect, it } from "vitest";
import { safeIncidentUrl } from "./safe-incident-url";

describe("safeIncidentUrl", () => {
  it("keeps https links to the portal and to the source's own host", () => {
    const portal = "https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/abc";
    expect(safeIncidentUrl(portal)).toBe(portal);
    expect(safeIncidentUrl("https://127.0.0.1:4443/incidents/1", "127.0.0.1:4443")).toBe(
      "https://127.0.0.1:4443/incidents/1",
    );
  });

  it("drops script, data, plain http, look-alike hosts and credentials", () => {
    for (const bad of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://portal.azure.com/#x",
      "https://portal.azure.com.evil.example/#x",
      "https://evil.example/?portal.azure.com",
      "https://user:pw@portal.azure.com/",
      "//portal.azure.com/x",
      "not a url",
    ])
      expect(safeIncidentUrl(bad, "127.0.0.1:4443"), bad).toBeNull();
    expect(safeIncidentUrl("https://127.0.0.1:4443/x")).toBeNull();
    expect(safeIncidentUrl(null)).toBeNull();
  });
});
