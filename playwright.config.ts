// End-to-end tests: the built app (`next start`; no build here, `npm test` builds first) in
// Debian's Chromium, against a database and queue prefix of the run's own (tests/e2e/e2e-env.ts).
//
// Every spec runs signed in as the analyst unless it says otherwise: the "setup" project signs
// each role in once through the login form (tests/e2e/auth.setup.ts) and saves its cookies.
//
// Playwright starts webServer BEFORE globalSetup. So the run's database is named when this file
// loads and passed to the server in its environment; the server connects only when the first
// page is requested, and by then globalSetup has created and migrated the database.
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/support/chromium";
import { e2eEnv, e2ePort as port, storageStatePath } from "./tests/e2e/e2e-env";

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: process.env.CI ? 1 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: "list",
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "setup",
      testMatch: /auth\.setup\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions },
    },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: chromiumLaunchOptions,
        storageState: storageStatePath("analyst"),
      },
    },
  ],
  webServer: {
    command: `npm run start -- -p ${port} -H 127.0.0.1`,
    // A TCP check, not a URL: pages read the database, which exists only after globalSetup.
    port,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    env: e2eEnv().server,
    stdout: "pipe",
    stderr: "pipe",
  },
});
