// Screenshots of the main pages for the docs: docs/screenshots/{login,overview,cases,case,alerts,
// alert,attackers,attacker,imports,users}.png at 1280×800 (case, alert and attacker full length). Needs a running
// app with enriched data: SHELLCASE_URL (default http://127.0.0.1:3000). It signs in through the
// login page as the demo admin (SHELLCASE_EMAIL / SHELLCASE_PASSWORD to use another account).
// The case is the first one on the Cases page, the attacker the first on the Attackers page; the alert is the first command alert with a
// finding, found through the Alerts page's filters, so the script needs nothing but the app.
//   npm run screenshots
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/support/chromium";
import { DEMO_USERS } from "./demo-users";

const baseUrl = (process.env.SHELLCASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const outDir = join(import.meta.dirname, "..", "docs", "screenshots");
const demoAdmin = DEMO_USERS.find((u) => u.role === "admin")!;
const account = {
  email: process.env.SHELLCASE_EMAIL ?? demoAdmin.email,
  password: process.env.SHELLCASE_PASSWORD ?? demoAdmin.password,
};

interface Shot {
  name: string;
  /** A path, or how to find one from the app's own pages (null: nothing to show, skipped). */
  path: string | ((page: Page) => Promise<string | null>);
  /** The page's h1, or a pattern for pages whose title is data. */
  heading: string | RegExp;
  fullPage?: boolean;
  /** Shown once this is visible (parts that stream in after the first paint). */
  ready?: string;
}

/** The href of the first link matching `selector` on `listPath`, or null. */
async function firstLink(page: Page, listPath: string, selector: string): Promise<string | null> {
  await goto(page, listPath);
  const link = page.locator(selector).first();
  return (await link.count()) ? await link.getAttribute("href") : null;
}

const SHOTS: Shot[] = [
  { name: "overview", path: "/", heading: "Overview" },
  { name: "cases", path: "/cases", heading: "Cases" },
  {
    name: "case",
    path: (page) => firstLink(page, "/cases", '[data-testid="case-row"] a[href^="/cases/"]'),
    heading: /./,
    fullPage: true,
  },
  { name: "alerts", path: "/alerts", heading: "Alerts" },
  {
    name: "alert",
    path: (page) =>
      firstLink(
        page,
        "/alerts?kind=command&state=done",
        '[data-testid="alert-row"]:has([data-testid="alert-finding"]) a[href^="/alerts/"]',
      ),
    heading: /./,
    fullPage: true,
    ready: '[data-testid="sentinel-compat"]',
  },
  { name: "attackers", path: "/attackers", heading: "Attackers" },
  {
    name: "attacker",
    path: (page) => firstLink(page, "/attackers", '[data-testid="attacker-row"] a[href^="/attackers/"]'),
    heading: /./,
    fullPage: true,
  },
  { name: "imports", path: "/imports", heading: "Imports" },
  { name: "users", path: "/admin/users", heading: "Users" },
];

async function goto(page: Page, path: string): Promise<void> {
  const res = await page.goto(baseUrl + path, { waitUntil: "networkidle" });
  if (!res?.ok()) throw new Error(`${path} answered HTTP ${res?.status() ?? "nothing"}`);
}

/** Through the login form, as a person would; the login page itself is the first screenshot. */
async function signIn(page: Page): Promise<void> {
  await goto(page, "/login");
  await page.getByRole("heading", { name: "Sign in to Shellcase" }).waitFor();
  const file = join(outDir, "login.png");
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const signedIn = page.getByTestId("user-menu");
  const refused = page.getByTestId("login-error");
  await signedIn.or(refused).waitFor();
  if (await refused.isVisible()) {
    throw new Error(
      `could not sign in as ${account.email}: ${await refused.textContent()} (set SHELLCASE_EMAIL/PASSWORD)`,
    );
  }
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signIn(page);
    for (const shot of SHOTS) {
      const path = typeof shot.path === "string" ? shot.path : await shot.path(page);
      if (path === null) {
        console.warn(`skipped ${shot.name}: nothing to show (enrich the demo data first)`);
        continue;
      }
      await goto(page, path);
      await page.getByRole("heading", { name: shot.heading, level: 1 }).waitFor();
      if (shot.ready) await page.locator(shot.ready).waitFor();
      const file = join(outDir, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
      console.log(`wrote ${file}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
