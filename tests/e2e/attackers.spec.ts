// Issue 4's acceptance, in the browser: an actor who returns days later on another server is one
// attacker profile linked to both cases, and each case page says where the actor was seen.
// The scenario generator plants both intrusions (same IP and user agent, another server); its
// logs and alerts go in through the upload API, and the run's worker imports and enriches them.
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { uploadFile, waitForImport } from "./import-file";
import { generateScenario } from "../scenario/generate-scenario";

test("a returning actor is one profile linked to both cases, and each case page shows the other", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  // A year of its own: other specs' data never meets these hosts' windows.
  const scenario = generateScenario({
    start: new Date("2022-04-04T00:00:00Z"),
    days: 4,
    requestsPerServerPerDay: 400,
    servers: 2,
    intrusions: 1,
    returningActor: true,
    benignAlerts: false,
    unloggedServerAlert: false,
    seed: 404,
    hostPrefix: "RET",
  });
  const [first, back] = scenario.intrusions;
  expect(back!.returnOf).toBe(first!.index);
  expect(back!.host).not.toBe(first!.host);
  expect(back!.attacker).toEqual(first!.attacker);

  const batches: number[] = [];
  for (const source of scenario.logSources) {
    for (const file of source.files) {
      batches.push(
        await uploadFile(
          request,
          "web_log",
          { name: file, buffer: Buffer.from(scenario.logs.get(file)!) },
          source.logsHostAndSite ? {} : { host: source.host, site: source.site },
        ),
      );
    }
  }
  batches.push(
    await uploadFile(request, "alerts", {
      name: "returning-actor.json",
      buffer: Buffer.from(JSON.stringify({ rows: scenario.alerts })),
    }),
  );
  for (const id of batches) await waitForImport(request, id, 60_000);

  // The profile of (IP, user agent) lists both cases once the worker has enriched the alerts.
  const row = page.getByTestId("attacker-row").filter({ hasText: first!.attacker.ip });
  await expect
    .poll(
      async () => {
        await page.goto(`/attackers?q=${encodeURIComponent(first!.attacker.ip)}`);
        return (await row.count()) === 1 ? row.getByTestId("attacker-cases").getByRole("link").count() : 0;
      },
      { timeout: 60_000, message: "the attacker's profile linked to two cases" },
    )
    .toBe(2);
  await expect(row).toContainText(first!.host);
  await expect(row).toContainText(back!.host);
  const numbers = await row.getByTestId("attacker-cases").getByRole("link").allInnerTexts();
  expect(new Set(numbers).size).toBe(2);

  // Each case page names the other case, linked by the same attacker.
  const [a, b] = numbers as [string, string];
  for (const [self, other] of [
    [a, b],
    [b, a],
  ]) {
    await page.goto(`/cases/${self}`);
    await expect(page.getByTestId("case-number")).toHaveText(self!);
    const seen = page.getByTestId("seen-before");
    await expect(seen).toBeVisible();
    const related = seen.getByTestId("seen-before-case");
    await expect(related).toHaveCount(1);
    await expect(related).toHaveAttribute("data-link", "attacker");
    await expect(related.getByRole("link", { name: other })).toBeVisible();
    await expect(related).toContainText(first!.attacker.ip);
  }

  // The profile's forms answer in the page: a label is saved and shown, a merge of nothing refused.
  await page.goto(`/attackers?q=${encodeURIComponent(first!.attacker.ip)}`);
  await row.getByRole("link", { name: first!.attacker.ip }).click();
  await expect(page.getByTestId("attacker-ip")).toHaveText(first!.attacker.ip);
  const label = `returning ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Label", { exact: true }).fill(label);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("action-message")).toHaveText("Label saved.");
  await expect(page.getByText(label, { exact: true })).toBeVisible();
  const merge = page.getByTestId("attacker-merge-form");
  await merge.getByRole("button", { name: /^Merge into #/ }).click();
  await expect(merge.getByTestId("action-error")).toHaveText("Pick a profile, or type its id or IP.");
});
