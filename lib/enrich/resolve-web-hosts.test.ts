import { describe, expect, it } from "vitest";
import { hostKeys, matchesHost } from "./resolve-web-hosts";

describe("host matching between Defender and IIS", () => {
  const keys = hostKeys({ hostName: "web01", dnsDomain: "contoso.local", fqdn: "web01.contoso.local" });
  it("matches the IIS machine name whatever its case, and FQDN forms", () => {
    expect(matchesHost("WEB01", keys)).toBe(true);
    expect(matchesHost("web01.contoso.local", keys)).toBe(true);
    expect(matchesHost("WEB01.CONTOSO.LOCAL", keys)).toBe(true);
  });
  it("does not match other servers or empty names", () => {
    expect(matchesHost("WEB02", keys)).toBe(false);
    expect(matchesHost("web010", keys)).toBe(false);
    expect(matchesHost("", keys)).toBe(false);
  });
});
