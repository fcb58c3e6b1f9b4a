// The Overview's dashboard against the demo's data (the server started with the demo's `.env`,
// loaded as `npm run demo` loads it, its worker enriching the sample alerts into two cases that
// share one attacker): the numbers are what the demo holds, and each number, followed, opens a
// list showing exactly that many items with its filter shown as active.
import { DEMO_USERS } from "../../scripts/demo-users";
import { expect, test, type Page } from "./fixtures";

const admin = DEMO_USERS.find((u) => u.role === "admin")!;

async function signIn(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

/** How many items the list on the page says it holds ("1–2 of 2 …", or "No … on this page"). */
async function listCount(page: Page): Promise<number> {
  const text = (await page.getByRole("navigation", { name: "Pagination" }).locator("p").first().textContent()) ?? "";
  if (/^No /.test(text.trim())) return 0;
  const m = /of ([\d,]+)/.exec(text);
  if (!m) throw new Error(`no count in the pagination text "${text}"`);
  return Number(m[1]!.replace(/,/g, ""));
}

/** The number a dashboard link shows, and where it goes. */
async function figure(page: Page, testId: string): Promise<{ count: number; href: string }> {
  const link = page.getByTestId(testId).getByRole("link").first();
  return { count: Number(await link.getAttribute("data-count")), href: (await link.getAttribute("href"))! };
}

/** Opens `href` and checks its list holds `count` items, and as many rows when they fit one page. */
async function expectList(page: Page, href: string, count: number, rows: string): Promise<void> {
  const response = await page.goto(href);
  expect(response?.status(), `status of ${href}`).toBe(200);
  expect(await listCount(page), `items listed at ${href}`).toBe(count);
  if (count <= 50) await expect(page.locator(rows), `rows at ${href}`).toHaveCount(count);
}

test("the dashboard's numbers match the demo data and link to the lists they count", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);

  // The worker enriches the demo's alerts into two unassigned new cases, and their attacker is
  // one profile seen in both.
  await expect(async () => {
    await page.goto("/");
    expect((await figure(page, "figure-unassigned")).count).toBe(2);
    expect((await figure(page, "figure-repeat-attackers")).count).toBe(1);
  }).toPass({ timeout: 150_000 });

  const bars = page.getByTestId("open-by-state").getByTestId("bar");
  await expect(bars).toHaveCount(4);
  await expect(page.getByRole("link", { name: "new: 2 cases" })).toHaveAttribute("href", "/cases?status=new");
  await expect(page.getByRole("link", { name: "triage: 0 cases" })).toBeVisible();
  // Bars are scaled to the largest: drawn with SVG attributes, which the CSP lets through.
  await expect(page.getByRole("link", { name: "new: 2 cases" }).locator("rect").nth(1)).toHaveAttribute("width", "100");
  await expect(page.getByRole("link", { name: "triage: 0 cases" }).locator("rect").nth(1)).toHaveAttribute(
    "width",
    "0",
  );
  await expect(page.getByTestId("open-by-owner").getByRole("link", { name: "Unassigned: 2 open cases" })).toBeVisible();
  // The demo admin owns nothing, and no case has left `new` yet.
  expect((await figure(page, "figure-my-cases")).count).toBe(0);
  expect((await figure(page, "figure-my-tasks")).count).toBe(0);
  await expect(page.getByTestId("lifecycle-times").getByRole("link", { name: /over 0 cases/ })).toHaveCount(2);
  // The storage figures are below, as before.
  await expect(page.getByRole("heading", { level: 2, name: "Storage" })).toBeVisible();
  await expect(page.getByText("Requests stored")).toBeVisible();

  const fixed = {
    unassigned: await figure(page, "figure-unassigned"),
    mine: await figure(page, "figure-my-cases"),
    tasks: await figure(page, "figure-my-tasks"),
    repeat: await figure(page, "figure-repeat-attackers"),
    byStateNew: { count: 2, href: "/cases?status=new" },
    triaged: {
      count: 0,
      href: (await page.getByTestId("lifecycle-times").getByRole("link").first().getAttribute("href"))!,
    },
  };

  await expectList(page, fixed.unassigned.href, 2, "main table tbody tr");
  await expect(page.getByLabel("Owner", { exact: true })).toHaveValue("none");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("open");
  await expectList(page, fixed.byStateNew.href, 2, "main table tbody tr");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("new");
  await expectList(page, fixed.mine.href, 0, "main table tbody tr");
  await expect(page.getByLabel("Owner", { exact: true })).toHaveValue("mine");
  await expectList(page, fixed.tasks.href, 0, '[data-testid="task-row"]');
  await expectList(page, fixed.repeat.href, 1, "main table tbody tr");
  await expect(page.getByLabel("Seen in more than one case")).toBeChecked();
  await expectList(page, fixed.triaged.href, 0, "main table tbody tr");
  await expect(page.getByLabel("Triaged from (UTC)")).not.toHaveValue("");

  // The alert figures move while the worker finishes: read the dashboard and the list until they
  // agree. The demo's benign and non-web alerts stay in no case, so some wait for triage.
  for (const [testId, field, value] of [
    ["figure-alerts-triage", "State", "open"],
    ["figure-alerts-unenriched", "Enrichment", "unenriched"],
  ] as const) {
    await expect(async () => {
      await page.goto("/");
      const { count, href } = await figure(page, testId);
      if (testId === "figure-alerts-triage") expect(count).toBeGreaterThan(0);
      await expectList(page, href, count, "main table tbody tr");
      await expect(page.getByLabel(field, { exact: true })).toHaveValue(value);
    }).toPass({ timeout: 60_000 });
  }
});
