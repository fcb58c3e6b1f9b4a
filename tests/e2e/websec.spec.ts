// Web security fixes, each refused in the built app in Chromium (docs/security.md): an open
// redirect through the login page's callbackUrl, a cross-site POST with a signed-in user's
// cookies, a session cookie replayed after sign-out, and an upload the client abandons half-way.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { connect } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_USERS, e2eEnv, e2ePort, storageStatePath } from "./e2e-env";

const signedOut = { cookies: [], origins: [] };
const uploads = async () => (await readdir(e2eEnv().server.UPLOAD_DIR).catch(() => [])).sort();

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The analyst's session cookies (from the setup project) as a Cookie header. */
async function analystCookie(): Promise<string> {
  const state = JSON.parse(await readFile(storageStatePath("analyst"), "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

test.describe("open redirect", () => {
  test.use({ storageState: signedOut });

  for (const callbackUrl of ["/.//evil.example", "/%2e//evil.example", "/a/..//evil.example", "/.%2f/evil.example"]) {
    test(`signing in with callbackUrl=${callbackUrl} lands on this site`, async ({ page, baseURL }) => {
      await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await signIn(page, E2E_USERS.viewer.email, E2E_USERS.viewer.password);
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    });
  }
});

test.describe("cross-site requests", () => {
  test("a cross-site POST with a valid session cookie gets 403 and changes nothing", async ({ request }) => {
    const imports = async () => ((await (await request.get("/api/v1/imports")).json()) as { count: number }).count;
    const before = { imports: await imports(), files: await uploads() };

    // Sign-out from another site: refused, the session still works.
    const signOut = await request.post("/api/auth/signout", {
      headers: { Origin: "https://evil.example" },
      form: { csrfToken: "x", callbackUrl: "/" },
    });
    expect(signOut.status()).toBe(403);
    expect(await signOut.json()).toEqual({
      error: { code: "forbidden", message: "Cross-site request refused: send it from Shellcase itself." },
    });
    // An upload from another site (the browser says so): refused before a byte is staged.
    const upload = await request.post("/api/v1/imports", {
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      multipart: { kind: "web_log", file: { name: "x.log", mimeType: "text/plain", buffer: Buffer.from("x\n") } },
    });
    expect(upload.status()).toBe(403);
    // A server action posted from another site.
    const action = await request.post("/cases", {
      headers: { Origin: "https://evil.example", "Next-Action": "0".repeat(40) },
      data: "[]",
    });
    expect(action.status()).toBe(403);

    expect((await request.get("/api/v1/imports")).status()).toBe(200);
    expect(await imports()).toBe(before.imports);
    expect(await uploads()).toEqual(before.files);
  });
});

test.describe("sign-out", () => {
  test.use({ storageState: signedOut });

  test("a session cookie kept from before sign-out is refused afterwards", async ({ page, playwright, baseURL }) => {
    await page.goto("/login");
    await signIn(page, E2E_USERS.viewer.email, E2E_USERS.viewer.password);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    const kept = await page.context().storageState();
    const replay = await playwright.request.newContext({ baseURL, storageState: kept });
    try {
      expect((await replay.get("/api/v1/imports")).status()).toBe(200);

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/login$/);

      // The same cookie, replayed: the server refuses it.
      const list = await replay.get("/api/v1/imports");
      expect(list.status()).toBe(401);
      const home = await replay.get("/", { maxRedirects: 0 });
      expect(home.status()).toBeGreaterThanOrEqual(300);
      expect(home.status()).toBeLessThan(400);
      expect(home.headers().location).toMatch(/\/login/);
    } finally {
      await replay.dispose();
    }
  });
});

test.describe("uploads", () => {
  test("a client that drops half-way through an upload leaves no file and no import", async ({ request }) => {
    const count = async () => ((await (await request.get("/api/v1/imports")).json()) as { count: number }).count;
    const before = { imports: await count(), files: await uploads() };
    const boundary = `----drop${randomBytes(6).toString("hex")}`;
    const head = Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="kind"',
        "",
        "web_log",
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="u_ex261204.log"',
        "Content-Type: text/plain",
        "",
        "",
      ].join("\r\n"),
    );
    const half = Buffer.concat([head, Buffer.alloc(512 * 1024, "#Fields: date time\n")]);
    const socket = connect(e2ePort, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    socket.write(
      [
        "POST /api/v1/imports HTTP/1.1",
        `Host: 127.0.0.1:${e2ePort}`,
        `Cookie: ${await analystCookie()}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${half.length * 2}`,
        "",
        "",
      ].join("\r\n"),
    );
    await new Promise<void>((resolve) => socket.write(half, () => resolve()));
    // Wait until the server is writing the part to disk, then go away.
    await expect.poll(async () => (await uploads()).length, { timeout: 15_000 }).toBeGreaterThan(before.files.length);
    socket.destroy();

    await expect.poll(uploads, { timeout: 15_000 }).toEqual(before.files);
    expect(await count()).toBe(before.imports);
  });
});
