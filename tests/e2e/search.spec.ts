// Issue 11's search box, in the browser: `/` focuses the header's box from any page, and a case
// is found by an IP range holding its attacker, by a fragment of the attacker's user agent, by
// its alert's command line and by its number, the match marked as text. The rows are written
// straight into the run's database: enrichment is not what is under test here.
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import pg from "pg";
import { e2eEnv, storageStatePath } from "./e2e-env";
import { expect, test, type Page } from "./fixtures";

const MARK = `e2esrch${randomBytes(3).toString("hex")}`;
const NET = `10.${randomInt(0, 256)}.${randomInt(0, 256)}`;
const IP = `${NET}.77`;
const UA = `Mozilla/5.0+(${MARK};+rv:115.0)+<b>Gecko</b>`;
const COMMAND = `cmd.exe /c whoami /priv&echo ${MARK}&dir`;
const NUMBER = `CASE-2098-${randomInt(100_000_000, 999_999_999)}`;

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: e2eEnv().ownerUrl });
  await db.connect();
  try {
    const [c] = (
      await db.query<{ id: number }>(
        `INSERT INTO cases (number, title, host_name, shell_location, updated_at)
         VALUES ($1, $2, $3, $4, now()) RETURNING id`,
        [NUMBER, `Search ${MARK}`, `WEB-${MARK}`, `/aspnet_client/${MARK}.aspx`],
      )
    ).rows;
    const [alert] = (
      await db.query<{ id: number }>(
        `INSERT INTO alerts (system_alert_id, display_name, time_generated, entities, raw, case_id, updated_at)
         VALUES ($1, 'Suspicious processes indicative of a web shell', now(), '[]', '{}', $2, now()) RETURNING id`,
        [randomUUID(), c!.id],
      )
    ).rows;
    await db.query(`INSERT INTO alert_processes (alert_id, entity_id, command_line) VALUES ($1, '1', $2)`, [
      alert!.id,
      COMMAND,
    ]);
    await db.query(
      `INSERT INTO findings (alert_id, case_id, kind, host_name, shell_location, shell_name, command_line, attackers,
                             confidence, reasons, evidence, generation, updated_at)
       VALUES ($1, $2, 'command', $3, $4, $5, $6, $7, 0.9, '{}', '[]', 0, now())`,
      [
        alert!.id,
        c!.id,
        `WEB-${MARK}`,
        `/aspnet_client/${MARK}.aspx`,
        `${MARK}.aspx`,
        COMMAND,
        JSON.stringify([{ ip: IP, userAgent: UA }]),
      ],
    );
    const identityKey = createHash("sha256").update(`${IP}\u0000${UA}`).digest("hex");
    const [attacker] = (
      await db.query<{ id: number }>(
        `INSERT INTO attacker_profiles (identity_key, ip, user_agent, updated_at) VALUES ($1, $2, $3, now()) RETURNING id`,
        [identityKey, IP, UA],
      )
    ).rows;
    await db.query(`INSERT INTO case_attackers (case_id, attacker_id) VALUES ($1, $2)`, [c!.id, attacker!.id]);
  } finally {
    await db.end();
  }
});

/** Types `text` into the header's box and submits it; the results page must answer 200. */
async function search(page: Page, text: string) {
  const box = page.getByTestId("header-search");
  await box.fill(text);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/search?q=") && r.request().resourceType() === "document"),
    box.press("Enter"),
  ]);
  expect(response.status()).toBe(200);
  await expect(page.getByTestId("search-results")).toBeVisible();
}

/** The case's row among the case results, with the text it matched on. */
function caseResult(page: Page) {
  return page.getByTestId("search-cases").getByTestId("search-result").filter({ hasText: NUMBER });
}

test("/ focuses the header's search box, except while typing, and Escape leaves it", async ({ page }) => {
  const response = await page.goto("/attackers");
  expect(response?.status()).toBe(200);
  const box = page.getByTestId("header-search");
  await expect(box).not.toBeFocused();
  await page.locator("body").press("/");
  await expect(box).toBeFocused();
  // Typed inside the box, `/` is text.
  await box.press("/");
  await expect(box).toHaveValue("/");
  await box.press("Escape");
  await expect(box).not.toBeFocused();
  // Typing in another input keeps its `/`.
  const other = page.locator("#attacker-q");
  await other.press("/");
  await expect(other).toHaveValue("/");
  await expect(box).not.toBeFocused();
});

test("finds a case by CIDR, user agent fragment, command line text and case number", async ({ page }) => {
  const response = await page.goto("/cases");
  expect(response?.status()).toBe(200);

  await search(page, `${NET}.0/24`);
  await expect(page.getByTestId("search-results")).toHaveAttribute("data-kind", "cidr");
  await expect(caseResult(page)).toHaveCount(1);
  await expect(caseResult(page).locator("mark")).toHaveText(IP);
  await expect(page.getByTestId("search-attackers").getByRole("link", { name: IP })).toBeVisible();

  await search(page, `${MARK};+rv:115`);
  await expect(caseResult(page)).toHaveCount(1);
  await expect(caseResult(page).locator("mark")).toHaveText(`${MARK};+rv:115`);
  // The attacker's markup is text on the page, not elements.
  const attacker = page.getByTestId("search-attackers").getByTestId("search-result").filter({ hasText: IP });
  await expect(attacker.getByTestId("search-match")).toContainText("+<b>Gecko</b>");
  await expect(attacker.locator("b")).toHaveCount(0);

  await search(page, `whoami /priv&echo ${MARK}`);
  await expect(caseResult(page)).toHaveCount(1);
  await expect(caseResult(page).locator("mark")).toHaveText(`whoami /priv&echo ${MARK}`);
  await expect(page.getByTestId("search-alerts").getByTestId("search-result")).toHaveCount(1);

  await search(page, NUMBER.toLowerCase());
  await expect(page.getByTestId("search-results")).toHaveAttribute("data-kind", "case-number");
  await caseResult(page)
    .getByRole("link", { name: new RegExp(`^${NUMBER}`) })
    .click();
  await expect(page).toHaveURL(new RegExp(`/cases/${NUMBER}$`));
  await expect(page.getByTestId("case-number")).toHaveText(NUMBER);
});

test("a viewer may search through the API; no session may not", async ({ browser, playwright }) => {
  const viewer = await browser.newContext({ storageState: storageStatePath("viewer") });
  try {
    const answer = await viewer.request.get(`/api/v1/search?q=${encodeURIComponent(`${NET}.0/24`)}`);
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as { cases: { items: { number: string }[] } };
    expect(body.cases.items.map((c) => c.number)).toContain(NUMBER);
  } finally {
    await viewer.close();
  }
  const anonymous = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: { cookies: [], origins: [] },
  });
  try {
    const refused = await anonymous.get(`/api/v1/search?q=${NUMBER}`);
    expect(refused.status()).toBe(401);
    expect(await refused.text()).not.toContain(NUMBER);
  } finally {
    await anonymous.dispose();
  }
});
