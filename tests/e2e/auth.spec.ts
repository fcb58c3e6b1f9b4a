// Sign-in end to end in Chromium: the login form and its errors, redirects to and from it, the
// rate limit, role checks in the API (401/403) and in the UI, and users made by an admin.
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { expect, test, type Page } from "./fixtures";
import { E2E_USERS, e2eEnv, storageStatePath } from "./e2e-env";

const stagedUploads = async () => (await readdir(e2eEnv().server.UPLOAD_DIR).catch(() => [])).length;

const signedOut = { cookies: [], origins: [] };

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("a visit to /cases goes to the login page, and signing in lands back on /cases", async ({ page }) => {
    await page.goto("/cases?status=open");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcases%3Fstatus%3Dopen$/);
    await expect(page.getByRole("heading", { name: "Sign in to Shellcase" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toHaveCount(0);

    await signIn(page, E2E_USERS.analyst.email.toUpperCase(), E2E_USERS.analyst.password);
    await expect(page).toHaveURL(/\/cases\?status=open$/);
    await expect(page.getByRole("heading", { level: 1, name: "Cases" })).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveText(E2E_USERS.analyst.name);
    await expect(page.getByTestId("user-role")).toHaveText("Analyst");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/imports");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fimports$/);
  });

  test("a wrong password is refused with a message, and the page stays on the login form", async ({ page }) => {
    await page.goto("/login");
    await signIn(page, E2E_USERS.viewer.email, "not the password at all");
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("a callbackUrl to another site is ignored after signing in", async ({ page }) => {
    await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2Fphish");
    await signIn(page, E2E_USERS.viewer.email, E2E_USERS.viewer.password);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  });

  test("the 6th attempt for one email in 15 minutes is refused, even with the right password", async ({ page }) => {
    // A user of its own, so that the lockout touches no other test.
    const email = E2E_USERS.admin.email.replace("admin@", `locked-${randomBytes(3).toString("hex")}@`);
    await page.goto("/login");
    for (let i = 1; i <= 5; i++) {
      await signIn(page, email, `wrong password ${i}`);
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
      await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
    }
    await signIn(page, email, "wrong password 6");
    await expect(page.getByTestId("login-error")).toHaveText(
      /^Too many sign-in attempts\. Try again in 1[45] minutes\.$/,
    );
    // Other accounts from the same address are still let in.
    await signIn(page, E2E_USERS.viewer.email, E2E_USERS.viewer.password);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  });

  test("the API answers 401 without a session, and health stays public", async ({ request }) => {
    const list = await request.get("/api/v1/imports");
    expect(list.status()).toBe(401);
    expect(await list.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });
    expect((await request.get("/api/v1/imports/1")).status()).toBe(401);
    const upload = await request.post("/api/v1/imports", {
      multipart: { kind: "web_log", file: { name: "x.log", mimeType: "text/plain", buffer: Buffer.from("x\n") } },
    });
    expect(upload.status()).toBe(401);
    expect((await request.get("/api/health")).status()).toBe(200);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("the import list is readable, an upload is refused with 403, and the page offers none", async ({
    page,
    request,
  }) => {
    expect((await request.get("/api/v1/imports")).status()).toBe(200);
    const before = await stagedUploads();
    const upload = await request.post("/api/v1/imports", {
      multipart: { kind: "web_log", file: { name: "v.log", mimeType: "text/plain", buffer: Buffer.from("x\n") } },
    });
    expect(upload.status()).toBe(403);
    expect((await upload.json()).error).toEqual({
      code: "forbidden",
      message: "This needs the analyst role; you are viewer.",
    });
    // Refused before the body was read: nothing was staged for the worker.
    expect(await stagedUploads()).toBe(before);

    await page.goto("/imports");
    await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
    await expect(page.getByTestId("user-role")).toHaveText("Viewer");
    await expect(page.locator('input[type="file"]')).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  });
});
