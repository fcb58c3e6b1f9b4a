// The Users page: an admin creates a user who can then sign in; the last admin cannot demote
// themself; other roles neither see nor use the page.
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { E2E_USERS, storageStatePath } from "./e2e-env";

test.describe("as the admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("a user created on the Users page can sign in with the initial password", async ({ page, browser }) => {
    const email = `new-${randomBytes(3).toString("hex")}@e2e.shellcase.test`;
    const password = `initial-${randomBytes(6).toString("hex")}`;
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    const form = page.getByRole("region", { name: "New user" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Name").fill("Nora New");
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByLabel("Initial password").fill(password);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByTestId("action-message")).toHaveText(/^Created .+ \(viewer\)/);
    const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await expect(row).toContainText("Nora New");
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("viewer");

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    try {
      const other = await context.newPage();
      await other.goto("/login");
      await other.getByLabel("Email").fill(email);
      await other.getByLabel("Password").fill(password);
      await other.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(other.getByTestId("user-name")).toHaveText("Nora New");
      await expect(other.getByTestId("user-role")).toHaveText("Viewer");

      // Disabled by the admin: the open page's live stream ends and takes it to the login page by
      // itself, and the session stops working at its next request.
      await row.getByRole("button", { name: "Disable" }).click();
      await expect(row.getByTestId("action-message")).toHaveText(`${email} is disabled and signed out.`);
      await expect(other).toHaveURL(/\/login(\?|$)/);
      await other.goto("/cases");
      await expect(other).toHaveURL(/\/login\?callbackUrl=%2Fcases$/);

      // Enabled again, the old session stays ended: the user signs in anew.
      await row.getByRole("button", { name: "Enable" }).click();
      await expect(row.getByTestId("action-message")).toHaveText(`${email} can sign in again.`);
      await other.goto("/cases");
      await expect(other).toHaveURL(/\/login\?callbackUrl=%2Fcases$/);
      await other.getByLabel("Email").fill(email);
      await other.getByLabel("Password").fill(password);
      await other.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(other.getByTestId("user-name")).toHaveText("Nora New");

      // A password reset ends the sessions signed in with the old password.
      await row.getByRole("button", { name: "Reset password" }).click();
      await row.getByLabel(`New password for ${email}`).fill(`reset-${randomBytes(6).toString("hex")}`);
      await row.getByRole("button", { name: "Set", exact: true }).click();
      await expect(row.getByTestId("action-message").filter({ hasText: "New password" })).toHaveText(
        `New password set for ${email}.`,
      );
      await other.goto("/cases");
      await expect(other).toHaveURL(/\/login\?callbackUrl=%2Fcases$/);
    } finally {
      await context.close();
    }
  });

  test("the only admin cannot demote themself", async ({ page }) => {
    await page.goto("/admin/users");
    const row = page.locator(`[data-testid="user-row"][data-email="${E2E_USERS.admin.email}"]`);
    await expect(row).toContainText("(you)");
    await row.getByLabel(`Role of ${E2E_USERS.admin.email}`).selectOption("analyst");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByRole("alert")).toHaveText(/^You are the last active admin/);
    await page.reload();
    await expect(row.getByLabel(`Role of ${E2E_USERS.admin.email}`)).toHaveValue("admin");
  });
});

test("an analyst has no Users link and the page refuses them", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByTestId("forbidden")).toHaveText("Managing users needs the admin role; you are analyst.");
  await expect(page.getByTestId("user-row")).toHaveCount(0);
});
