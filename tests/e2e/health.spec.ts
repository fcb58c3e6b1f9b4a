import { expect, test } from "./fixtures";

test("the health endpoint reports the database and Redis up", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, db: "up", redis: "up" });
});

test("pages carry a nonce-based Content-Security-Policy and API answers a locked-down one", async ({ request }) => {
  const page = await request.get("/imports");
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");

  const api = await request.get("/api/v1/imports");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
});
