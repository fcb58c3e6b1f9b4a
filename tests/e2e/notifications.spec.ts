// Issue 11's mentions and notifications, with two analysts in two browsers: A types `@` in a
// comment, picks B from the suggestions with the keyboard and posts it; B's bell, on a page B
// already has open, shows 1 without a reload, and the email reaches the run's SMTP server
// (tests/e2e/local-smtp.ts). B opens the notice from the inbox and lands on the comment, which
// shows B's name, not the Markdown it is stored as. The case is written straight into the run's
// database: enrichment is not what is under test here.
import { randomBytes, randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { E2E_USERS, e2eEnv, mailLogPath, storageStatePath } from "./e2e-env";
import { expect, test } from "./fixtures";
import type { ReceivedMail } from "./local-smtp";

const MARK = `e2ement${randomBytes(3).toString("hex")}`;
const NUMBER = `CASE-2097-${randomInt(100_000_000, 999_999_999)}`;

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: e2eEnv().ownerUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO cases (number, title, host_name, shell_location, owner_id, updated_at)
       VALUES ($1, $2, $3, '/uploads/x.aspx', (SELECT id FROM users WHERE email = $4), now())`,
      [NUMBER, `Mentions ${MARK}`, `WEB-${MARK}`, E2E_USERS.analyst.email],
    );
  } finally {
    await db.end();
  }
});

async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const text = await readFile(mailLogPath, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReceivedMail)
    .filter((m) => m.to.includes(address));
}

test("a mention reaches the colleague's bell without a reload, by email, and leads to the comment", async ({
  page,
  browser,
}) => {
  // B (the admin, an analyst too) is on the dashboard with nothing unread from this case.
  const contextB = await browser.newContext({ storageState: storageStatePath("admin") });
  const pageB = await contextB.newPage();
  await pageB.goto("/notifications");
  await pageB.getByTestId("mark-all-read").getByRole("button").click();
  await expect(pageB.getByTestId("unread-count")).toHaveCount(0);

  // A writes a comment and mentions B with the keyboard.
  await page.goto(`/cases/${NUMBER}`);
  const box = page.getByRole("combobox", { name: "Comment text (Markdown)" });
  await box.click();
  await box.pressSequentially("Please check the upload @Ada");
  const option = page.getByRole("option", { name: /Ada Admin/ });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(box).toHaveValue(/\[@Ada Admin\]\(mention:\d+\) $/);
  await box.pressSequentially(`<img src=x onerror=alert(1)> ${MARK}`);
  await page.getByTestId("note-composer").getByRole("button", { name: "Add" }).click();
  const comment = page.getByTestId("note").filter({ hasText: MARK });
  await expect(comment.getByTestId("mention")).toHaveText("@Ada Admin");
  await expect(comment).toContainText("<img src=x onerror=alert(1)>");

  // B's bell moved on its own.
  await expect(pageB.getByTestId("unread-count")).toHaveText("1");

  // The email reached the local SMTP server.
  await expect
    .poll(async () => (await mailsTo(E2E_USERS.admin.email)).filter((m) => m.subject.includes(NUMBER)).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const [mail] = (await mailsTo(E2E_USERS.admin.email)).filter((m) => m.subject.includes(NUMBER));
  expect(mail!.subject).toBe(`[Shellcase] Ana Analyst mentioned you in ${NUMBER}: Mentions ${MARK}`);
  expect(mail!.text).toMatch(new RegExp(`/cases/${NUMBER}#note-\\d+`));
  // A, the author, was told nothing.
  expect((await mailsTo(E2E_USERS.analyst.email)).filter((m) => m.subject.includes(NUMBER))).toEqual([]);

  // B opens it from the inbox: it is read, and B is on the comment.
  await pageB.getByTestId("notification-bell").click();
  const notice = pageB.getByTestId("notification").filter({ hasText: NUMBER });
  await expect(notice).toHaveAttribute("data-unread", "true");
  await notice.getByTestId("notification-open").click();
  await expect(pageB).toHaveURL(new RegExp(`/cases/${NUMBER}#note-\\d+$`));
  await expect(pageB.getByTestId("note").filter({ hasText: MARK }).getByTestId("mention")).toHaveText("@Ada Admin");
  await expect(pageB.getByTestId("unread-count")).toHaveCount(0);
  await contextB.close();
});

test("the profile turns email off and on", async ({ page }) => {
  await page.goto("/profile");
  await expect(page.getByTestId("email-state")).toHaveText("Email notifications are on.");
  await page.getByRole("button", { name: "Turn email off" }).click();
  await expect(page.getByTestId("email-state")).toHaveText("Email notifications are off.");
  await page.getByRole("button", { name: "Turn email on" }).click();
  await expect(page.getByTestId("email-state")).toHaveText("Email notifications are on.");
});
