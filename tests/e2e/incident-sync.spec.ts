// A case closed in the browser reaches its Sentinel incident: the run's local workspace (with the
// fake incidents API, started by the global setup) holds an incident for the case's alert; the
// analyst looks it up with "Refresh from Sentinel", closes the case as benign positive with a
// conclusion, and the worker serving the incidents queue closes the incident with the mapped
// classification, the conclusion as its comment and one comment linking back to the case.
import { randomInt, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { request as playwrightRequest } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { e2eEnv, fakeWorkspacePath } from "./e2e-env";
import type { FakeWorkspaceInfo } from "./fake-incidents";

async function caseWithWorkspaceAlert(sourceId: number) {
  const db = new pg.Client({ connectionString: e2eEnv().ownerUrl });
  await db.connect();
  try {
    const number = `CASE-2026-${randomInt(90_000, 99_999)}`;
    const host = `iis-${randomUUID().slice(0, 8)}`;
    const systemAlertId = randomUUID();
    const {
      rows: [kase],
    } = await db.query<{ id: number }>(
      `INSERT INTO cases (number, title, host_name, severity, updated_at) VALUES ($1, $2, $3, 'High', now()) RETURNING id`,
      [number, `Web shell on ${host}`, host],
    );
    await db.query(
      `INSERT INTO alerts (system_alert_id, display_name, severity, time_generated, entities, raw, case_id, source_id, updated_at)
       VALUES ($1, 'Possible IIS web shell', 'High', now() - interval '1 hour', '[]', '{}', $2, $3, now())`,
      [systemAlertId, kase!.id, sourceId],
    );
    return { number, systemAlertId };
  } finally {
    await db.end();
  }
}

test("closing a case in the UI closes its Sentinel incident with the mapped classification and the conclusion", async ({
  page,
}) => {
  const info = JSON.parse(await readFile(fakeWorkspacePath, "utf8")) as FakeWorkspaceInfo;
  const fake = await playwrightRequest.newContext({ baseURL: info.url, ignoreHTTPSErrors: true });
  const { number, systemAlertId } = await caseWithWorkspaceAlert(info.sourceId);
  const title = `Web shell <img src=x onerror="window.__pwned=1"> on ${number}`;
  const added = await fake.post("/_test/incidents", { data: { title, alertIds: [systemAlertId] } });
  expect(added.status()).toBe(201);
  const incident = (await added.json()) as { name: string; incidentNumber: number };

  const response = await page.goto(`/cases/${number}`);
  expect(response?.status()).toBe(200);
  const panel = page.getByTestId("incidents-panel");
  await expect(panel).toContainText("No incident known");
  await page.getByRole("button", { name: "Refresh from Sentinel" }).click();
  const row = panel.getByTestId("incident-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("incident-status")).toHaveText("New");
  // The workspace's title is text, never markup; the link goes to the portal only.
  await expect(row.getByTestId("incident-title")).toHaveText(title);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(row.getByRole("link", { name: String(incident.incidentNumber) })).toHaveAttribute(
    "href",
    /^https:\/\/portal\.azure\.com\//,
  );

  const conclusion = `Benign: the vendor's monitoring script (${randomUUID().slice(0, 8)}).`;
  const workflow = page.getByTestId("case-workflow");
  await workflow.getByRole("button", { name: "Close case…" }).click();
  const close = page.getByTestId("close-form");
  await close.getByLabel("Classification").selectOption("benign_positive");
  await close.getByLabel("Conclusion (Markdown)").fill(conclusion);
  await close.getByRole("button", { name: "Close case" }).click();
  await expect(workflow.getByTestId("case-status")).toHaveText("closed");

  await expect
    .poll(
      async () => {
        const r = await fake.get(`/_test/incidents/${incident.name}`);
        expect(r.status()).toBe(200);
        return ((await r.json()) as { status: string }).status;
      },
      { timeout: 30_000 },
    )
    .toBe("Closed");
  const state = (await (await fake.get(`/_test/incidents/${incident.name}`)).json()) as {
    classification: string;
    classificationReason: string;
    classificationComment: string;
    comments: { message: string }[];
  };
  expect(state).toMatchObject({
    classification: "BenignPositive",
    classificationReason: "SuspiciousButExpected",
    classificationComment: conclusion,
  });
  expect(state.comments).toHaveLength(1);
  expect(state.comments[0]!.message).toContain(`/cases/${number}`);

  // The case page shows what was written.
  await expect(async () => {
    const again = await page.reload();
    expect(again?.status()).toBe(200);
    await expect(page.getByTestId("incident-status")).toHaveText("Closed", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await fake.dispose();
});
