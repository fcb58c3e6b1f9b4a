// From uploads to a case, end to end: alerts and the web log of their host go in through the
// upload API, the run's worker imports and enriches them, and the analyst finds the shell, the
// attacker and the supporting log lines by clicking from the alert queue to the case. Then the
// same with attacker-chosen markup in the user agent and the command line, which must render as
// text on the case and alert pages.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test, type Page } from "./fixtures";
import { importFile } from "./import-file";
import { sampleLogAsW3cIisLogJson } from "./sample-log-json";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const ALERTS_FIXTURE = join(FIXTURES, "alerts", "mde-webshell-alerts.json");
const LOG_FIXTURE = join(FIXTURES, "iis", "u_ex240514.log");

const SHELL = "/aspnet_client/system_web/Setconfigure.aspx";
const ATTACKER_IP = "198.51.100.23";
// As IIS logged it: spaces written as "+".
const ATTACKER_UA = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0";
const COMMAND_LINE =
  'cmd.exe /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client\\system_web"&whoami /all&echo [S]&cd&echo [E]';
const FILE_ALERT = "Possible web shell installation";
const COMMAND_ALERT = "Suspicious processes indicative of a web shell";

/** Reloads the alert queue filtered by host until `count` rows match `selector`. */
async function waitForAlerts(page: Page, query: string, selector: string, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto(`/alerts?${query}`);
        return page.locator(`[data-testid="alert-row"]:has(${selector})`).count();
      },
      { timeout: 45_000, message: `alerts matching ${selector} on /alerts?${query}` },
    )
    .toBe(count);
}

function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

test("alerts and their host's web log become one case with the attacker and the evidence", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await importFile(request, "alerts", { name: "mde-webshell-alerts.json", buffer: await readFile(ALERTS_FIXTURE) });

  // Enriched once already, without logs: the queue says why there is no finding yet.
  await waitForAlerts(page, "host=web01&state=done", '[data-testid="enrichment-message"]', 2);
  for (const row of await page.getByTestId("alert-row").all()) {
    await expect(row.getByTestId("enrichment-message")).toHaveText("no web log names host web01");
  }

  // The log for their host arrives: both alerts are enriched again and get a finding.
  const logBatch = await importFile(request, "web_log", {
    name: "u_ex240514.log",
    buffer: await readFile(LOG_FIXTURE),
  });
  await waitForAlerts(page, "host=web01", '[data-testid="alert-finding"]', 2);
  const rows = page.getByTestId("alert-row");
  await expect(rows.getByTestId("alert-kind")).toHaveText(["command", "file"]);
  await expect(rows.getByTestId("alert-finding").first()).toContainText(SHELL);

  await rows
    .getByTestId("alert-finding")
    .first()
    .getByRole("link", { name: /^CASE-\d{4}-\d{4,}$/ })
    .click();
  await expect(page).toHaveURL(/\/cases\/CASE-\d{4}-\d{4,}$/);

  const summary = page.getByTestId("case-summary");
  await expect(summary.getByTestId("case-shell")).toHaveText(SHELL);
  await expect(summary.getByTestId("case-host")).toHaveText("WEB01");
  await expect(summary.getByTestId("attacker-ip")).toHaveText([ATTACKER_IP]);
  await expect(summary.getByTestId("attacker-user-agent")).toHaveText([ATTACKER_UA]);
  await expect(summary.getByTestId("installed-via")).toContainText("POST /api/upload.ashx");

  const findings = page.getByTestId("finding");
  await expect(findings).toHaveCount(2);
  const fileFinding = page.locator('[data-testid="finding"][data-kind="file"]');
  const commandFinding = page.locator('[data-testid="finding"][data-kind="command"]');
  // Each finding names its alert and says why.
  // The case page links each alert twice (its entities under Evidence, and its finding).
  const caseFindings = page.getByTestId("case-findings");
  await expect(caseFindings.getByRole("link", { name: FILE_ALERT, exact: true })).toBeVisible();
  await expect(caseFindings.getByRole("link", { name: COMMAND_ALERT, exact: true })).toBeVisible();
  await expect(fileFinding.getByTestId("finding-reasons").locator("li").first()).toContainText("Setconfigure.aspx");
  await expect(commandFinding.getByTestId("finding-reasons").locator("li").first()).toContainText(
    "process creation time",
  );
  await expect(commandFinding.getByText(COMMAND_LINE, { exact: true })).toBeVisible();

  // The upload that planted the shell, as logged, with the file and line it came from.
  const upload = fileFinding.getByTestId("evidence-row").filter({ hasText: "/api/upload.ashx?name=report.aspx" });
  await expect(upload).toHaveCount(1);
  await expect(upload).toContainText("POST");
  await expect(upload).toContainText(ATTACKER_IP);
  await expect(upload).toContainText(`file #${logBatch} line 8`);

  // From the finding to its alert: the Sentinel query's view, which finds nothing (host case).
  await caseFindings.getByRole("link", { name: COMMAND_ALERT, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: COMMAND_ALERT })).toBeVisible();
  await expect(page.getByTestId("alert-finding-detail")).toContainText(SHELL);
  await expect(page.getByTestId("candidate-row").first()).toContainText(SHELL);
  const compat = page.getByTestId("sentinel-compat");
  await expect(compat.getByTestId("sentinel-compat-empty")).toBeVisible();
  await expect(compat).toContainText("the alert names web01, the web logs name WEB01");
});

test("markup in a user agent and a command line renders as text on the case and alert pages", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const dialogs = collectDialogs(page);
  const markupUa = "<img src=x onerror=alert(1)>";
  const markupCommand = "&echo <script>alert(1)</script>";

  // The same intrusion on another host (so it gets a case of its own), with an attacker whose
  // user agent and command are markup.
  await importFile(request, "web_log", {
    name: "xss01-w3ciislog.json",
    buffer: await sampleLogAsW3cIisLogJson((row) => {
      row.sComputerName = row.sComputerName!.replace("WEB01", "XSS01");
      if (row.cIP === ATTACKER_IP) row.csUserAgent = markupUa;
    }),
  });
  const alerts = JSON.parse(await readFile(ALERTS_FIXTURE, "utf8")) as { rows: Record<string, unknown>[] };
  for (const row of alerts.rows) {
    row.SystemAlertId = randomUUID();
    row.CompromisedEntity = String(row.CompromisedEntity).replace("web01", "xss01");
    const entities = JSON.parse(String(row.Entities).replaceAll("web01", "xss01")) as Record<string, unknown>[];
    for (const e of entities) {
      if (e.Type === "process" && String(e.CommandLine).startsWith("cmd.exe")) e.CommandLine += markupCommand;
    }
    row.Entities = JSON.stringify(entities);
  }
  await importFile(request, "alerts", { name: "xss01-alerts.json", buffer: Buffer.from(JSON.stringify(alerts)) });

  await waitForAlerts(page, "host=xss01", '[data-testid="alert-finding"]', 2);
  await page
    .getByTestId("alert-finding")
    .first()
    .getByRole("link", { name: /^CASE-/ })
    .click();
  await expect(page.getByTestId("case-host")).toHaveText("XSS01");
  await expect(page.getByTestId("case-summary").getByTestId("attacker-user-agent")).toHaveText([markupUa]);
  const command = `${COMMAND_LINE}${markupCommand}`;
  await expect(
    page.locator('[data-testid="finding"][data-kind="command"]').getByText(command, { exact: true }),
  ).toBeVisible();
  await expect(page.getByTestId("case-alert-process").getByText(command, { exact: true })).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  await page.getByTestId("case-findings").getByRole("link", { name: COMMAND_ALERT, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: COMMAND_ALERT })).toBeVisible();
  await expect(page.getByTestId("alert-process").getByText(command, { exact: true })).toBeVisible();
  await expect(page.getByTestId("alert-finding-detail").getByTestId("attacker-user-agent")).toHaveText([markupUa]);
  await expect(page.getByTestId("sentinel-compat")).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
