import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { identityKey } from "./identity-key";

describe("identityKey", () => {
  it("is the sha256 of ip NUL userAgent, with null read as ''", () => {
    const expected = createHash("sha256").update("192.0.2.1\u0000curl/8.0").digest("hex");
    expect(identityKey({ ip: "192.0.2.1", userAgent: "curl/8.0" })).toBe(expected);
    expect(identityKey({ ip: null, userAgent: null })).toBe(identityKey({ ip: "", userAgent: "" }));
    expect(identityKey({ ip: "192.0.2.1", userAgent: "curl/8.0" })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the boundary between IP and user agent, and the user agent exactly as logged", () => {
    // Without the separator, "1.2.3.4" + "5x" and "1.2.3.45" + "x" would collide.
    expect(identityKey({ ip: "1.2.3.4", userAgent: "5x" })).not.toBe(identityKey({ ip: "1.2.3.45", userAgent: "x" }));
    expect(identityKey({ ip: "192.0.2.1", userAgent: "Mozilla/5.0+(X11)" })).not.toBe(
      identityKey({ ip: "192.0.2.1", userAgent: "Mozilla/5.0 (X11)" }),
    );
  });
});
