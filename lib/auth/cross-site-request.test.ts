import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site-request";

const APP = "https://shellcase.example.org";
const request = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });
const cookie = { cookie: "__Secure-next-auth.session-token=abc" };

describe("crossSiteRefusal", () => {
  it("refuses a cookie-carrying POST, PUT, PATCH or DELETE from another origin", () => {
    for (const method of ["POST", "put", "PATCH", "DELETE"]) {
      expect(crossSiteRefusal(request(method, { ...cookie, origin: "https://evil.example" }), APP)).toMatch(
        /evil\.example/,
      );
    }
    expect(crossSiteRefusal(request("POST", { ...cookie, "sec-fetch-site": "cross-site" }), APP)).toMatch(/cross-site/);
    // Same host, other scheme or port: another origin.
    expect(
      crossSiteRefusal(request("POST", { ...cookie, origin: "http://shellcase.example.org" }), APP),
    ).not.toBeNull();
    expect(
      crossSiteRefusal(request("POST", { ...cookie, origin: "https://shellcase.example.org:8443" }), APP),
    ).not.toBeNull();
    expect(crossSiteRefusal(request("POST", { ...cookie, origin: "null" }), APP)).not.toBeNull();
  });

  it("lets same-origin requests, reads and cookie-less requests through", () => {
    expect(
      crossSiteRefusal(request("POST", { ...cookie, origin: APP, "sec-fetch-site": "same-origin" }), APP),
    ).toBeNull();
    expect(crossSiteRefusal(request("POST", { ...cookie, "sec-fetch-site": "same-origin" }), APP)).toBeNull();
    expect(crossSiteRefusal(request("GET", { ...cookie, origin: "https://evil.example" }), APP)).toBeNull();
    expect(crossSiteRefusal(request("HEAD", { ...cookie, "sec-fetch-site": "cross-site" }), APP)).toBeNull();
    expect(
      crossSiteRefusal(request("POST", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), APP),
    ).toBeNull();
  });

  it("without NEXTAUTH_URL, compares the Origin with the request's Host", () => {
    const host = { ...cookie, host: "127.0.0.1:3102" };
    expect(crossSiteRefusal(request("POST", { ...host, origin: "http://127.0.0.1:3102" }), undefined)).toBeNull();
    expect(crossSiteRefusal(request("POST", { ...host, origin: "http://evil.example" }), undefined)).not.toBeNull();
    expect(crossSiteRefusal(request("POST", { ...cookie, origin: "http://127.0.0.1:3102" }), undefined)).not.toBeNull();
  });
});
