// The Data sources pages: an admin adds a workspace, sees it listed and edits it without the
// secret ever reaching a page or the API, tests it (an unreachable endpoint is told as a network
// failure, in words) and deletes it; other roles neither see nor use the pages or the API.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { expect, test, type Page } from "./fixtures";
import { e2eEnv, storageStatePath } from "./e2e-env";

const SECRET = `e2e-secret-${randomBytes(12).toString("hex")}`;

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: e2eEnv().ownerUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** The page's HTML as the server sent it, and as the browser shows it now. */
async function expectNoSecret(page: Page, cipher: string) {
  const served = await page.request.get(page.url());
  expect(served.status()).toBe(200);
  for (const html of [await served.text(), await page.content()]) {
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(cipher);
    expect(html).not.toContain("secretCipher");
  }
}

test.describe("as the admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("adds, lists, edits, tests and deletes a source; the secret never leaves the server", async ({ page }) => {
    test.setTimeout(120_000);
    const name = `e2e-ws-${randomBytes(3).toString("hex")}`;
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Data sources" })).toBeVisible();
    await page.getByRole("link", { name: "New source" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New data source" })).toBeVisible();

    const form = page.getByRole("form", { name: "New data source" });
    await expect(form).toHaveAttribute("data-ready", "true");
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Workspace id").fill("not-a-guid");
    await form.getByLabel("Tenant id").fill(randomUUID());
    await form.getByLabel("Client id").fill(randomUUID());
    await form.getByLabel("Client secret").fill(SECRET);
    // Nothing listens on port 1: the test below fails fast, as a network error.
    await form.getByLabel("Query endpoint").fill("https://127.0.0.1:1/v1");
    await form.getByLabel("Authority host").fill("https://127.0.0.1:1");
    // Disabled: should this test stop half-way, no other spec's enrichment fetches from it.
    await form.getByLabel("Enabled").uncheck();
    await form.getByRole("button", { name: "Add source" }).click();
    await expect(form.getByTestId("action-error")).toContainText("workspaceId: Workspace id must be a GUID");
    await expect(form.getByLabel("Workspace id")).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel("Workspace id").fill(randomUUID());
    // The settings as typed can be tried before anything is stored.
    await form.getByRole("button", { name: "Test these settings" }).click();
    await expect(form.getByTestId("action-error")).toContainText(
      "Connection failed — network error: cannot reach the sign-in endpoint https://127.0.0.1:1",
      { timeout: 45_000 },
    );
    expect(await query("SELECT id FROM data_sources WHERE name = $1", [name])).toEqual([]);
    await form.getByRole("button", { name: "Add source" }).click();
    await expect(page).toHaveURL(/\/admin\/sources\/\d+\?added=1$/);
    await expect(page.getByTestId("source-added")).toHaveText(
      `Added ${name}. Test the connection to see what it can read.`,
    );
    const id = Number(/\/admin\/sources\/(\d+)/.exec(page.url())![1]);

    const [row] = await query<{ secret_cipher: string }>("SELECT secret_cipher FROM data_sources WHERE id = $1", [id]);
    expect(row!.secret_cipher).toMatch(/^v1:/);
    expect(row!.secret_cipher).not.toContain(SECRET);
    const settings = page.getByRole("form", { name: `Edit ${name}` });
    await expect(settings.getByLabel("Client secret")).toHaveValue("");
    await expectNoSecret(page, row!.secret_cipher);

    // Test connection: what failed, in words.
    const tester = page.getByTestId("test-connection");
    await tester.getByRole("button", { name: "Test connection" }).click();
    await expect(tester.getByRole("alert")).toContainText(
      "Connection failed — network error: cannot reach the sign-in endpoint https://127.0.0.1:1",
      { timeout: 45_000 },
    );

    // Edit: rename, a longer interval, the secret left empty (kept, re-sealed under the new name).
    const renamed = `${name}-renamed`;
    await expect(settings).toHaveAttribute("data-ready", "true");
    await settings.getByLabel("Name", { exact: true }).fill(renamed);
    await settings.getByLabel("Pull interval (seconds)").fill("600");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect(settings.getByTestId("action-message")).toHaveText(`Saved ${renamed}.`);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
    const editForm = page.getByRole("form", { name: `Edit ${renamed}` });
    await expect(editForm.getByLabel("Pull interval (seconds)")).toHaveValue("600");
    await expect(editForm.getByLabel("Client secret")).toHaveValue("");
    const [resealed] = await query<{ secret_cipher: string }>("SELECT secret_cipher FROM data_sources WHERE id = $1", [
      id,
    ]);
    expect(resealed!.secret_cipher).not.toBe(row!.secret_cipher);
    await expectNoSecret(page, resealed!.secret_cipher);

    // The list shows the pull status, the last error in red; never the secret.
    await query("UPDATE data_sources SET last_error = $2, last_error_at = now() WHERE id = $1", [
      id,
      "authentication failed: AADSTS7000215 invalid client secret",
    ]);
    await page.goto("/admin/sources");
    const listed = page.locator(`[data-testid="source-row"][data-name="${renamed}"]`);
    await expect(listed).toContainText("disabled");
    await expect(listed).toContainText("incident sync off");
    await expect(listed).toContainText("(stored)");
    await expect(listed.getByTestId("source-last-error")).toContainText("AADSTS7000215");
    await expect(listed.getByTestId("source-last-error")).toHaveClass(/text-red-700/);
    await expectNoSecret(page, resealed!.secret_cipher);

    const api = await page.request.get("/api/v1/sources");
    expect(api.status()).toBe(200);
    const body = await api.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain(resealed!.secret_cipher);
    expect(body).not.toContain("secretCipher");
    expect(JSON.parse(body).data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id, name: renamed, hasSecret: true, pullIntervalSeconds: 600 }),
      ]),
    );

    // Delete, after a confirmation.
    await listed.getByRole("link", { name: renamed }).click();
    await page.getByRole("button", { name: "Delete source" }).click();
    const confirm = page.getByTestId("confirm-delete");
    await expect(confirm).toContainText(`Delete ${renamed}?`);
    await confirm.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/sources$/);
    await expect(page.locator(`[data-testid="source-row"][data-name="${renamed}"]`)).toHaveCount(0);
    expect(await query("SELECT id FROM data_sources WHERE id = $1", [id])).toEqual([]);
    const actions = await query<{ action: string }>(
      "SELECT action FROM audit_entries WHERE entity_type = 'source' AND entity_id = $1 ORDER BY id",
      [String(id)],
    );
    expect(actions.map((a) => a.action)).toEqual(["source.create", "source.test", "source.update", "source.delete"]);
  });

  test("an unknown source answers 404", async ({ page, expectStatus }) => {
    expectStatus(404, /\/admin\/sources\/999999999$/);
    const response = await page.goto("/admin/sources/999999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByText("No such data source")).toBeVisible();
  });
});

test("an analyst has no Sources link, and the pages and the API refuse them", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" })).toHaveCount(0);
  for (const path of ["/admin/sources", "/admin/sources/new", "/admin/sources/1"]) {
    await page.goto(path);
    await expect(page.getByTestId("forbidden")).toHaveText(
      "Managing data sources needs the admin role; you are analyst.",
    );
  }
  await expect(page.getByTestId("source-row")).toHaveCount(0);
  const api = await page.request.get("/api/v1/sources");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("forbidden");
});

test.describe("as the viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });
  test("the API refuses the viewer", async ({ page }) => {
    const api = await page.request.get("/api/v1/sources");
    expect(api.status()).toBe(403);
  });
});
