// Signs each role in once through the login form and keeps its cookies for the specs
// (playwright.config.ts: the analyst's by default; a spec picks another with test.use).
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { expect, test as setup } from "./fixtures";
import type { Role } from "../../lib/auth/roles";
import { E2E_USERS, storageStatePath } from "./e2e-env";

for (const role of Object.keys(E2E_USERS) as Role[]) {
  setup(`sign in as the ${role}`, async ({ page }) => {
    const user = E2E_USERS[role];
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveText(user.name);
    await mkdir(dirname(storageStatePath(role)), { recursive: true });
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
