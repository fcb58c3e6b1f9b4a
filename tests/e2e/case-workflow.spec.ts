// A case worked from alert to conclusion in the browser, as the analyst: the sample intrusion is
// imported on a host of this file's own, enrichment opens the case, and the analyst assigns it,
// comments, moves it through the lifecycle, is refused a close without a conclusion, closes it,
// and finds every step in the activity feed and (as the admin) in the audit log. Then: a viewer
// sees the case without controls and is refused by the API; attacker markup in the user agent,
// the query string, the command line and a comment renders as text; and two analysts saving the
// same field at once see the second one told who changed it.
import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type Browser, type Page } from "./fixtures";
import type { Role } from "../../lib/auth/roles";
import { E2E_USERS, storageStatePath } from "./e2e-env";
import { importFile } from "./import-file";
import { sampleLogAsW3cIisLogJson } from "./sample-log-json";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const ALERTS_FIXTURE = join(FIXTURES, "alerts", "mde-webshell-alerts.json");
const SHELL = "/aspnet_client/system_web/Setconfigure.aspx";
const ATTACKER_IP = "198.51.100.23";

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";

/**
 * The sample intrusion (IIS log and the two Defender alerts) moved to `host`, with new alert ids,
 * and `rewrite` applied to each log row and `command` appended to the shell's command line.
 */
async function importIntrusion(
  request: APIRequestContext,
  host: string,
  opts: { rewrite?: (row: Record<string, string>) => void; command?: string } = {},
) {
  const log = await sampleLogAsW3cIisLogJson((row) => {
    row.sComputerName = host.toUpperCase();
    opts.rewrite?.(row);
  });
  await importFile(request, "web_log", { name: `${host}-w3ciislog.json`, buffer: log });

  const alerts = JSON.parse(await readFile(ALERTS_FIXTURE, "utf8")) as { rows: Record<string, unknown>[] };
  for (const row of alerts.rows) {
    row.SystemAlertId = randomUUID();
    row.CompromisedEntity = String(row.CompromisedEntity).replace("web01", host);
    const entities = JSON.parse(String(row.Entities).replaceAll("web01", host)) as Record<string, unknown>[];
    for (const e of entities) {
      if (opts.command && e.Type === "process" && String(e.CommandLine).startsWith("cmd.exe")) {
        e.CommandLine += opts.command;
      }
    }
    row.Entities = JSON.stringify(entities);
  }
  await importFile(request, "alerts", { name: `${host}-alerts.json`, buffer: Buffer.from(JSON.stringify(alerts)) });
}

/**
 * Reloads the alert queue for `host` until both alerts have a finding and are in a case; returns
 * the case number. Both, not the finding alone: the page reads alerts and their findings in
 * separate queries, so a render during an enrichment's commit can show the one without the other.
 */
async function waitForCase(page: Page, host: string): Promise<string> {
  await expect
    .poll(
      async () => {
        await page.goto(`/alerts?host=${host}`);
        return page
          .locator(
            '[data-testid="alert-row"]:has([data-testid="alert-finding"]):has([data-testid="alert-disposition"][data-disposition="in_case"])',
          )
          .count();
      },
      { timeout: 60_000, message: `enriched alerts of ${host}` },
    )
    .toBe(2);
  const rows = page.getByTestId("alert-row");
  // Both alerts are in one case, and the queue says so.
  await expect(rows.getByTestId("alert-disposition")).toHaveText([/^in CASE-/, /^in CASE-/]);
  const number = (await rows.first().getByTestId("alert-disposition").getByRole("link").textContent())!;
  await expect(rows.nth(1).getByTestId("alert-disposition")).toHaveText(`in ${number}`);
  return number;
}

async function signedInPage(browser: Browser, role: Role): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(role) });
  return context.newPage();
}

function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

test.describe.configure({ mode: "serial" });

const HOST = `cw${randomBytes(3).toString("hex")}`;
let caseNumber = "";

test("an analyst works a case from the alert queue to its conclusion, and every step is audited", async ({
  page,
  request,
  browser,
  expectStatus,
}) => {
  test.setTimeout(180_000);
  await importIntrusion(request, HOST);
  caseNumber = await waitForCase(page, HOST);

  await page.getByTestId("alert-row").first().getByTestId("alert-disposition").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseNumber}$`));
  await expect(page.getByTestId("case-shell")).toHaveText(SHELL);
  await expect(page.getByTestId("case-summary").getByTestId("attacker-ip")).toHaveText([ATTACKER_IP]);
  // Enrichment seeded the playbook and the timeline has the install, the shell and the commands.
  await expect(page.getByTestId("task")).toHaveCount(6);
  await expect(page.getByTestId("case-timeline").getByTestId("timeline-event")).not.toHaveCount(0);
  for (const kind of ["install", "shell_access", "command", "alert"]) {
    await expect(page.locator(`[data-testid="timeline-event"][data-kind="${kind}"]`).first()).toBeVisible();
  }
  // One marker on the chart per event in the list (both from the same render).
  const counts = () =>
    page.evaluate(() => [
      document.querySelectorAll('[data-testid="timeline-marker"]').length,
      document.querySelectorAll('[data-testid="timeline-event"]').length,
    ]);
  await expect.poll(async () => new Set(await counts()).size).toBe(1);

  const workflow = page.getByTestId("case-workflow");
  await expect(workflow.getByTestId("case-owner")).toHaveText("Unassigned");
  await workflow.getByRole("button", { name: "Assign to me" }).click();
  await expect(workflow.getByTestId("case-owner")).toHaveText(E2E_USERS.analyst.name);

  const composer = page.getByTestId("note-composer");
  await composer.getByLabel("Comment text (Markdown)").fill("Shell **confirmed** on disk; requests match the log.");
  await composer.getByRole("button", { name: "Add" }).click();
  const note = page.getByTestId("note");
  await expect(note).toHaveCount(1);
  await expect(note.getByTestId("note-body").locator("strong")).toHaveText("confirmed");
  await expect(composer.getByLabel("Comment text (Markdown)")).toHaveValue("");

  // Re-run the attacker pivot with another window, by IP and user agent: a new run, done, with
  // the files the attacker requested before the shell (the shell request at the anchor included).
  const pivots = page.getByTestId("pivots-panel");
  const runs = pivots.getByTestId("pivot-run");
  await expect(runs.first()).toHaveAttribute("data-status", "done");
  const runsBefore = await runs.count();
  await pivots.getByTestId("pivot-window").fill("1d");
  await pivots.getByTestId("pivot-match-both").check();
  await pivots.getByTestId("pivot-run-submit").click();
  await expect(pivots.getByTestId("action-message")).toContainText("queued");
  await expect(runs).toHaveCount(runsBefore + 1);
  await expect(runs.first()).toHaveAttribute("data-status", "done");
  await expect(runs.first()).toContainText("by IP and user agent · 1d before");
  await expect(runs.first().getByTestId("pivot-file-before")).not.toHaveCount(0);

  for (const to of ["triage", "investigating", "contained"]) {
    await workflow.getByRole("button", { name: `Move to ${to}` }).click();
    await expect(workflow.getByTestId("case-status")).toHaveText(to);
  }

  // Closing without a conclusion is refused with the reason; the case stays contained.
  await workflow.getByRole("button", { name: "Close case…" }).click();
  const close = page.getByTestId("close-form");
  await close.getByLabel("Classification").selectOption("true_positive");
  await close.getByRole("button", { name: "Close case" }).click();
  await expect(close.getByTestId("action-error")).toHaveText("conclusion: write the conclusion to close the case.");
  await expect(workflow.getByTestId("case-status")).toHaveText("contained");

  await close.getByLabel("Conclusion (Markdown)").fill("Web shell planted through the upload handler; removed.");
  await close.getByRole("button", { name: "Close case" }).click();
  await expect(workflow.getByTestId("case-status")).toHaveText("closed");
  await expect(workflow.getByTestId("case-classification")).toHaveText("True positive");
  await expect(workflow.getByTestId("time-in-states")).toContainText("contained");

  // The activity feed, newest first: every change, by whom.
  const activity = page.getByTestId("case-activity").getByTestId("audit-entry");
  await expect
    .poll(() => activity.evaluateAll((els) => els.map((e) => e.getAttribute("data-action"))))
    .toEqual([
      "case.status",
      "case.status",
      "case.status",
      "case.status",
      "pivot.run",
      "note.create",
      "case.owner",
      "case.create",
    ]);
  await expect(activity.first()).toContainText(`${E2E_USERS.analyst.email} closed the case as true positive`);
  await expect(activity.last()).toContainText("Shellcase opened the case");

  // The admin sees the same steps in the global audit log; the analyst has no such page.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" })).toHaveCount(0);
  expectStatus(404, /\/audit$/);
  expect((await page.goto("/audit"))?.status()).toBe(404);
  const admin = await signedInPage(browser, "admin");
  try {
    await admin.goto("/");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await admin.getByLabel("Action").selectOption("case.status");
    await admin.getByRole("button", { name: "Filter" }).click();
    await expect(admin).toHaveURL(/action=case\.status/);
    const entries = admin.getByTestId("audit-entry").filter({ hasText: caseNumber });
    await expect(entries).toHaveCount(4);
    await expect(entries.first()).toContainText("closed the case as true positive");
  } finally {
    await admin.context().close();
  }
});

test("a viewer reads the case without controls, and the API refuses the viewer's and anonymous changes", async ({
  browser,
  playwright,
  request,
}) => {
  expect(caseNumber, "the case of the first test (serial)").not.toBe("");
  const viewer = await signedInPage(browser, "viewer");
  try {
    await viewer.goto(`/cases/${caseNumber}`);
    await expect(viewer.getByTestId("case-shell")).toHaveText(SHELL);
    await expect(viewer.getByTestId("case-workflow").getByTestId("case-status")).toHaveText("closed");
    await expect(viewer.getByTestId("note")).toHaveCount(1);
    await expect(viewer.getByTestId("task")).toHaveCount(6);
    const workflow = viewer.getByTestId("case-workflow");
    await expect(workflow.getByRole("button")).toHaveCount(0);
    await expect(workflow.locator("select, input, textarea")).toHaveCount(0);
    await expect(viewer.getByTestId("note-composer")).toHaveCount(0);
    await expect(viewer.getByTestId("pivot-form")).toHaveCount(0);
    await expect(viewer.getByTestId("pivot-run")).not.toHaveCount(0);
    await expect(viewer.getByTestId("case-tasks").locator("input, select, button")).toHaveCount(0);
    await expect(viewer.getByTestId("case-notes").getByRole("button")).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: "Edit title" })).toHaveCount(0);
    // The queue offers the viewer no selection and no bulk action.
    await viewer.goto(`/alerts?host=${HOST}`);
    await expect(viewer.getByTestId("alert-row")).toHaveCount(2);
    await expect(viewer.getByTestId("alert-select")).toHaveCount(0);
    await expect(viewer.getByTestId("alert-bulk-actions")).toHaveCount(0);

    // Hand-crafted requests: the viewer's session is refused with 403, no session with 401.
    const current = await (await viewer.request.get(`/api/v1/cases/${caseNumber}`)).json();
    expect(current).toMatchObject({ number: caseNumber, status: "closed" });
    const asViewer = await viewer.request.patch(`/api/v1/cases/${caseNumber}`, {
      data: { version: current.version, severity: "Low", title: "changed by a viewer" },
    });
    expect(asViewer.status()).toBe(403);
    expect((await asViewer.json()).error.code).toBe("forbidden");
    // An empty storage state: the project's default (the analyst's cookies) must not apply.
    const anonymous = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
      storageState: { cookies: [], origins: [] },
    });
    try {
      const res = await anonymous.patch(`/api/v1/cases/${caseNumber}`, {
        data: { version: current.version, severity: "Low" },
      });
      expect(res.status()).toBe(401);
    } finally {
      await anonymous.dispose();
    }
    // Nothing changed.
    const after = await (await request.get(`/api/v1/cases/${caseNumber}`)).json();
    expect(after).toMatchObject({ version: current.version, severity: current.severity, title: current.title });
    // An analyst's script that read an older version is refused with 409 and the field's value now.
    const stale = await request.patch(`/api/v1/cases/${caseNumber}`, {
      data: { version: current.version - 1, severity: "Low" },
    });
    expect(stale.status()).toBe(409);
    expect(stale.headers()["cache-control"]).toBe("no-store");
    expect(await stale.json()).toMatchObject({
      error: { code: "conflict" },
      current: { entity: "case", field: "severity", version: current.version },
    });
  } finally {
    await viewer.context().close();
  }
});

test("markup in the user agent, query string, command line and a comment renders as text", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const dialogs = collectDialogs(page);
  const host = `cx${randomBytes(3).toString("hex")}`;
  await importIntrusion(request, host, {
    rewrite: (row) => {
      if (row.cIP !== ATTACKER_IP) return;
      row.csUserAgent = IMG;
      row.csUriQuery = `q=${SCRIPT}`;
    },
    command: `&echo ${SCRIPT}&echo ${IMG}`,
  });
  const number = await waitForCase(page, host);
  await page.goto(`/cases/${number}`);

  await expect(page.getByTestId("case-summary").getByTestId("attacker-user-agent")).toHaveText([IMG]);
  const command = page
    .locator('[data-testid="finding"][data-kind="command"]')
    .getByText(`&echo ${SCRIPT}&echo ${IMG}`, {
      exact: false,
    });
  await expect(command).toBeVisible();
  await expect(page.getByTestId("case-alert-process").filter({ hasText: SCRIPT })).toHaveCount(1);
  await expect(
    page
      .getByTestId("evidence-row")
      .filter({ hasText: `?q=${SCRIPT}` })
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId("evidence-row").filter({ hasText: IMG }).first()).toBeVisible();
  await expect(
    page.locator('[data-testid="timeline-event"][data-kind="command"]').filter({ hasText: SCRIPT }),
  ).toHaveCount(1);

  const composer = page.getByTestId("note-composer");
  await composer.getByLabel("Comment text (Markdown)").fill(`Pasted: ${IMG} ${SCRIPT} [open me](javascript:alert(1))`);
  await composer.getByRole("button", { name: "Add" }).click();
  const body = page.getByTestId("note-body");
  await expect(body).toContainText(`Pasted: ${IMG} ${SCRIPT}`);
  await expect(body.getByTestId("neutralised-link")).toHaveText("open me");
  await expect(page.locator('a[href^="javascript" i]')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("note-body")).toContainText(IMG);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // An injected <script>alert(1)</script> would be an element of its own with exactly that text
  // (Next's own inline scripts carry the page data, markup included, as JSON strings).
  const injected = await page.evaluate(
    () => [...document.querySelectorAll("script")].filter((s) => s.textContent?.trim() === "alert(1)").length,
  );
  expect(injected).toBe(0);
  expect(dialogs).toEqual([]);
});

test("two analysts saving the same field: the second is told who changed it and what it is now", async ({
  page,
  browser,
}) => {
  expect(caseNumber, "the case of the first test (serial)").not.toBe("");
  const other = await signedInPage(browser, "analyst");
  try {
    await page.goto(`/cases/${caseNumber}`);
    await other.goto(`/cases/${caseNumber}`);
    const mine = page.getByTestId("severity-form");
    const theirs = other.getByTestId("severity-form");
    await expect(mine).toHaveAttribute("data-ready", "true");
    await expect(theirs).toHaveAttribute("data-ready", "true");

    // I start editing first; the page is live, so it will show their save while I am at it.
    await mine.getByLabel("Severity", { exact: true }).selectOption("Informational");
    await theirs.getByLabel("Severity", { exact: true }).selectOption("Low");
    await theirs.getByRole("button", { name: "Save" }).click();
    await expect(other.getByTestId("case-severity")).toHaveText("Low");
    await expect(page.getByTestId("case-severity")).toHaveText("Low");

    // My form still holds the version I started editing from: a conflict, not a silent overwrite.
    await expect(mine.getByLabel("Severity", { exact: true })).toHaveValue("Informational");
    await mine.getByRole("button", { name: "Save" }).click();
    await expect(mine.getByTestId("conflict-message")).toContainText(
      `Someone else changed this case: severity is now Low (changed by ${E2E_USERS.analyst.email} at `,
    );
    await expect(mine.getByTestId("conflict-message")).toContainText("Reload to see it.");
    await mine.getByTestId("conflict-message").getByRole("button", { name: "Reload" }).click();
    await expect(page.getByTestId("case-severity")).toHaveText("Low");
    await expect(page.getByTestId("severity-form").getByLabel("Severity", { exact: true })).toHaveValue("Low");
  } finally {
    await other.context().close();
  }
});
