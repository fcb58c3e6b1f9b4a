// The app a newcomer gets: the server runs with the `.env` that `npm run demo` writes from the
// shipped .env.example (NEXTAUTH_URL empty, a random secret; only database, queue prefix and
// upload directory are this run's), loaded with the demo's sample investigation. Signed in as
// the demo admin, every page reachable from the navigation, and the first row of each list,
// answers 200 — and fixtures.ts fails the test on any server error in that server's output.
import { DEMO_USERS } from "../../scripts/demo-users";
import { expect, test, type Page } from "./fixtures";

const admin = DEMO_USERS.find((u) => u.role === "admin")!;

/** Opens `path` and asserts the document answered 200. */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
}

/** The first same-site link in the first row of the page's list, if the page has a list. */
async function firstRowLink(page: Page): Promise<string | null> {
  const link = page.locator("main table tbody tr").first().locator('a[href^="/"]').first();
  return (await link.count()) ? await link.getAttribute("href") : null;
}

test("the login page renders on the server with the demo's .env", async ({ page }) => {
  await visit(page, "/login");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
});

test("signed in as the demo admin, every page reachable by links answers 200 with no server error", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await visit(page, "/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  const paths = await nav.evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  // The admin sees every section, the admin-only ones included.
  expect(paths).toEqual(
    expect.arrayContaining(["/", "/cases", "/alerts", "/attackers", "/imports", "/admin/users", "/audit"]),
  );

  // The demo's worker enriches the sample alerts into two cases and one attacker profile: wait
  // for them, so that the case and attacker pages are crawled too.
  for (const list of ["/cases", "/attackers"]) {
    await expect(async () => {
      await visit(page, list);
      expect(await firstRowLink(page), `a row on ${list}`).not.toBeNull();
    }).toPass({ timeout: 150_000 });
  }

  const visited: string[] = [];
  for (const path of paths) {
    await visit(page, path);
    visited.push(path);
    const row = await firstRowLink(page);
    if (row && !visited.includes(row)) {
      await visit(page, row);
      visited.push(row);
    }
  }
  // The detail pages of the lists the demo fills were among them.
  for (const prefix of ["/cases/", "/attackers/"]) {
    expect(
      visited.some((p) => p.startsWith(prefix)),
      `visited a page under ${prefix}`,
    ).toBe(true);
  }
});
