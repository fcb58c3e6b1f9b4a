// The Imports page end to end: upload through the file input, watch the import finish in the
// list (the page polls the API), see a rejected file's reason, and make sure attacker-chosen
// file names render as text.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test, type Page } from "./fixtures";
import { E2E_USERS } from "./e2e-env";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "iis", "elastic-beats_access-full.log");

function importRow(page: Page, fileName: string) {
  return page.getByTestId("import-row").filter({ has: page.getByText(fileName, { exact: true }) });
}

async function upload(page: Page, files: Parameters<Page["setInputFiles"]>[1]) {
  await page.locator('input[type="file"]').setInputFiles(files);
  await page.getByRole("button", { name: /^Upload \d+ files?$/ }).click();
}

test("an uploaded IIS log is imported and the list shows it completing", async ({ page }) => {
  const cspViolations: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });

  await page.goto("/imports");
  await expect(page.getByRole("heading", { name: "Imports", level: 1 })).toBeVisible();
  await upload(page, FIXTURE);

  await expect(page.getByTestId("upload-item").filter({ hasText: "elastic-beats_access-full.log" })).toContainText(
    /import #\d+ queued/,
  );
  const row = importRow(page, "elastic-beats_access-full.log");
  await expect(row.getByTestId("import-status")).toHaveText("completed", { timeout: 30_000 });
  await expect(row.getByTestId("import-imported")).toHaveText("1");
  await expect(row.getByTestId("import-errors")).toHaveText("0");
  // Who uploaded it: the signed-in analyst.
  await expect(row.getByTestId("import-started-by")).toHaveText(`by ${E2E_USERS.analyst.name}`);
  expect(cspViolations).toEqual([]);
});

test("a binary file is rejected and the reason is shown", async ({ page }, testInfo) => {
  const fileName = `binary-${randomBytes(4).toString("hex")}.log`;
  const path = testInfo.outputPath(fileName);
  await writeFile(path, randomBytes(64 * 1024));

  await page.goto("/imports");
  await upload(page, path);

  const row = importRow(page, fileName);
  await expect(row.getByTestId("import-status")).toHaveText("rejected", { timeout: 30_000 });
  await expect(row.getByTestId("import-message")).toHaveText(/\w/);

  await row.getByRole("button", { name: `Show details of ${fileName}` }).click();
  await expect(page.getByRole("note").filter({ hasText: "Rejected:" })).toBeVisible();
});

test("a file name made of markup is shown as text", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const fileName = "<img src=x onerror=alert(1)>.log";

  await page.goto("/imports");
  await upload(page, {
    name: fileName,
    mimeType: "text/plain",
    buffer: Buffer.from(`not a web log ${randomBytes(8).toString("hex")}\n`),
  });

  await expect(importRow(page, fileName)).toBeVisible();
  // The list is refreshed from the server: render the page again from scratch as well.
  await page.reload();
  await expect(importRow(page, fileName).getByText(fileName, { exact: true })).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
