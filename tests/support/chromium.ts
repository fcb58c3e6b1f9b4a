// Launch options for Debian's Chromium (/usr/bin/chromium), shared by the e2e tests and
// scripts/screenshots.ts. Playwright's own browser download does not work offline.
import type { LaunchOptions } from "@playwright/test";

export const chromiumLaunchOptions = {
  executablePath: process.env.SHELLCASE_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
} satisfies LaunchOptions;
