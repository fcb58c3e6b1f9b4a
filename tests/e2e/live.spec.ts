// Live pages end to end, on the built app with its worker: nothing here reloads a page. An
// import's progress bar moves and completes on an open Imports page; a case changed in one
// browser shows its new state in another, whose half-typed comment survives the update.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { expect, test, type Browser, type Page } from "./fixtures";
import { e2eEnv, storageStatePath } from "./e2e-env";
import { uploadFile } from "./import-file";

/** A gzipped IIS log big enough to import in several seconds (~19 MB of lines, < 2 MB upload). */
function bigWebLog(host: string, lines = 140_000): Buffer {
  const out = [
    "#Software: Microsoft Internet Information Services 10.0",
    "#Version: 1.0",
    "#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
  ];
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const start = Date.UTC(2026, 10, 1);
  for (let i = 0; i < lines; i++) {
    const t = new Date(start + i * 500).toISOString();
    out.push(
      `${t.slice(0, 10)} ${t.slice(11, 19)} W3SVC1 ${host} 10.0.0.5 GET /app/page${rnd(500)}.aspx id=${rnd(100000)} 443 - 203.0.${rnd(256)}.${rnd(256)} Mozilla/5.0+(Windows+NT+10.0) ${[200, 404, 302][rnd(3)]} 0 0 ${rnd(900)}`,
    );
  }
  return gzipSync(Buffer.from(out.join("\n") + "\n"));
}

/** Waits until the page's live stream is open with `topic` among its topics. */
async function waitForLive(page: Page, topic: string) {
  const status = page.getByTestId("live-status");
  await expect(status).toHaveAttribute("data-state", "live");
  await expect(status).toHaveAttribute("data-topics", new RegExp(`(^|,)${topic}(,|$)`));
}

/** Marks the window: the mark is gone if the page reloads. */
async function markWindow(page: Page) {
  await page.evaluate(() => ((window as unknown as { liveMark: number }).liveMark = 1));
}
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark === 1);

test("an import's progress bar moves and completes on an open Imports page, without a reload", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await page.goto("/imports");
  await waitForLive(page, "imports");
  await markWindow(page);
  // Every value the row shows, as React commits it.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    const record = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="import-row"]')) {
        const value = `${row.dataset.batchId}:${row.dataset.status}:${row.dataset.progress}`;
        if (seen.at(-1) !== value) seen.push(value);
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-progress", "data-status"],
    });
  });

  const name = `live-${randomBytes(3).toString("hex")}.log.gz`;
  const batchId = await uploadFile(request, "web_log", {
    name,
    buffer: bigWebLog(`live${randomBytes(2).toString("hex")}`),
  });

  // Queued by someone else (the API): the row appears, runs and completes on this page.
  const row = page.locator(`[data-testid="import-row"][data-batch-id="${batchId}"]`);
  await expect(row.getByTestId("import-status")).toHaveText("completed", { timeout: 90_000 });
  await expect(row.getByTestId("import-imported")).toHaveText("140,000");

  const seen = (await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen))
    .filter((v) => v.startsWith(`${batchId}:running:`))
    .map((v) => Number(v.split(":")[2]));
  const intermediate = seen.filter((p) => p > 0 && p < 1);
  expect(intermediate.length, `running values shown: ${seen.join(", ")}`).toBeGreaterThan(1);
  expect(intermediate, "the bar only moves forward").toEqual([...intermediate].sort((a, b) => a - b));
  expect(await stillMarked(page), "the page was not reloaded").toBe(true);
});

async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath("analyst") });
  return context.newPage();
}

/** A fresh case, made as enrichment would make one (lib/cases/open-case.ts) in the run's database. */
async function makeCase(): Promise<{ id: number; number: string }> {
  const env = e2eEnv();
  process.env.DATABASE_URL = env.ownerUrl;
  process.env.REDIS_URL = env.server.REDIS_URL;
  process.env.QUEUE_PREFIX = env.server.QUEUE_PREFIX;
  const { getPrisma } = await import("../../lib/db");
  const { openCase } = await import("../../lib/cases/open-case");
  const host = `live${randomBytes(3).toString("hex")}`;
  return getPrisma().$transaction((tx) =>
    openCase(tx, {
      hostName: host,
      site: "W3SVC1",
      shellLocation: "/live/shell.aspx",
      severity: "High",
      actor: null,
      from: { alertIds: [] },
    }),
  );
}

test("a case changed by one analyst updates on another's open page, and their half-typed comment survives", async ({
  page,
  browser,
}) => {
  const kase = await makeCase();
  const other = await signedInPage(browser);
  try {
    await other.goto(`/cases/${kase.number}`);
    await page.goto(`/cases/${kase.number}`);
    await waitForLive(other, `case:${kase.id}`);
    await markWindow(other);
    const draft = "Half-typed: the attacker came back from 203.0.113";
    const composer = other.getByTestId("note-composer").getByLabel("Comment text (Markdown)");
    await composer.fill(draft);
    await composer.focus();

    const workflow = page.getByTestId("case-workflow");
    await expect(workflow.getByTestId("case-status")).toHaveText("new");
    await workflow.getByRole("button", { name: "Move to triage" }).click();
    await expect(workflow.getByTestId("case-status")).toHaveText("triage");

    // The other page hears it and re-renders: new status, draft untouched, no reload.
    await expect(other.getByTestId("case-workflow").getByTestId("case-status")).toHaveText("triage");
    await expect(composer).toHaveValue(draft);
    await expect(composer).toBeFocused();
    expect(await stillMarked(other), "the other page was not reloaded").toBe(true);

    // The cases list of the other analyst follows too.
    await other.goto(`/cases`);
    await waitForLive(other, "cases");
    await page.getByTestId("case-workflow").getByRole("button", { name: "Move to investigating" }).click();
    await expect(other.getByRole("row").filter({ hasText: kase.number })).toContainText("investigating");
  } finally {
    await other.context().close();
  }
});
