// End-to-end tests: the built app (`next start`; no build here, `npm test` builds first) in
// Debian's Chromium, against a database and queue prefix of the run's own (tests/e2e/e2e-env.ts).
//
// Every spec runs signed in as the analyst unless it says otherwise: the "setup" project signs
// each role in once through the login form (tests/e2e/auth.setup.ts) and saves its cookies.
//
// Playwright starts webServer BEFORE globalSetup. So the run's database is named when this file
// loads and passed to the server in its environment; the server connects only when the first
// page is requested, and by then globalSetup has created and migrated the database.
//
// Two servers: the tests' own (e2eEnv), and one with the `.env` exactly as `npm run demo` writes
// it (demoEnv: NEXTAUTH_URL empty, and so on), which the "demo-env" project crawls signed in as the
// demo admin. Each server's output is teed to test-results/ (serverLogPaths); tests/e2e/fixtures.ts
// fails a test that makes either log a server error, and the global teardown fails the run on one.
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/support/chromium";
import { demoEnv, demoPort, e2eEnv, e2ePort as port, serverLogPaths, storageStatePath } from "./tests/e2e/e2e-env";

/** `next start` with its output kept in `log` (and still shown by Playwright). */
function startServer(listenPort: number, log: string): string {
  // pipefail: when next exits, so does the pipeline, with next's status.
  return `bash -c 'set -o pipefail; mkdir -p "$(dirname "${log}")"; npm run start -- -p ${listenPort} -H 127.0.0.1 2>&1 | tee "${log}"'`;
}

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
      testIgnore: /(demo-env|dashboard)\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: chromiumLaunchOptions,
        storageState: storageStatePath("analyst"),
      },
    },
    {
      // The app as a newcomer gets it from `npm run demo`; signs in through the login form itself.
      // The dashboard spec runs here too: its numbers are checked against the demo's data, which
      // no other spec changes (the tests' own server's data moves under parallel specs).
      name: "demo-env",
      testMatch: /(demo-env|dashboard)\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: chromiumLaunchOptions,
        baseURL: `http://127.0.0.1:${demoPort}`,
      },
    },
  ],
  webServer: [
    {
      command: startServer(port, serverLogPaths.main),
      // A TCP check, not a URL: pages read the database, which exists only after globalSetup.
      port,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: e2eEnv().server,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: startServer(demoPort, serverLogPaths.demo),
      port: demoPort,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: demoEnv().server,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
