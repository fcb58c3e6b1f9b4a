// Screenshots of the main pages for the docs: docs/screenshots/{overview,alerts,imports}.png at
// 1280×800. Needs a running app: SHELLCASE_URL (default http://127.0.0.1:3000).
//   npm run screenshots
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/support/chromium";

const baseUrl = (process.env.SHELLCASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const outDir = join(import.meta.dirname, "..", "docs", "screenshots");

const PAGES = [
  { name: "overview", path: "/", heading: "Overview" },
  { name: "alerts", path: "/alerts", heading: "Alerts" },
  { name: "imports", path: "/imports", heading: "Imports" },
] as const;

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const p of PAGES) {
      const res = await page.goto(baseUrl + p.path, { waitUntil: "networkidle" });
      if (!res?.ok()) throw new Error(`${p.path} answered HTTP ${res?.status() ?? "nothing"}`);
      await page.getByRole("heading", { name: p.heading, level: 1 }).waitFor();
      const file = join(outDir, `${p.name}.png`);
      await page.screenshot({ path: file });
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
