// An alert imported with a broken $ref shows what the import tolerated on its page (issue 9):
// the analyst learns its entities may be incomplete.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { importFile } from "./import-file";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "alerts", "mde-webshell-alerts.broken-refs.jsonl");

test("an alert with a dangling $ref imports and its page lists the warning", async ({ page, request }) => {
  // On a host of its own: other specs count the alerts of web01 in this run's shared database.
  const alerts = (await readFile(FIXTURE, "utf8")).replace(/web01/gi, "warn01");
  await importFile(request, "alerts", { name: "broken-refs.jsonl", buffer: Buffer.from(alerts) });
  const list = await page.goto("/alerts?q=b7e1c0de-0001");
  expect(list?.status()).toBe(200);
  await page.getByRole("link", { name: "Suspicious processes indicative of a web shell" }).first().click();
  const note = page.getByRole("note", { name: "Import warnings" });
  await expect(note).toContainText("Imported with a warning");
  await expect(note).toContainText('entity 6 has $ref "77" which points to no $id in this alert; left unresolved');
  // The forward $ref of another alert resolved: its page has no notice.
  const forward = await page.goto("/alerts?q=b7e1c0de-0002");
  expect(forward?.status()).toBe(200);
  await page.getByRole("link", { name: "Suspicious processes indicative of a web shell" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("note", { name: "Import warnings" })).toHaveCount(0);
});
