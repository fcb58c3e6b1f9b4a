// Every spec imports `test` and `expect` from here instead of @playwright/test. Two checks wrap
// every test, so that a page that "looks right" while the server failed cannot pass:
// - every document (page navigation) a browser context of the test loads must answer < 400,
//   unless the test declared the status it expects (`expectStatus(404)`);
// - the web servers' output (tests/e2e/server-log.ts) must gain no server error while it runs.
import { test as base, expect, type BrowserContext, type Response } from "@playwright/test";
import { serverLogPaths } from "./e2e-env";
import { logSize, readServerErrors } from "./server-log";

interface Fixtures {
  /** Declares a document status >= 400 this test expects (optionally only for URLs matching `url`). */
  expectStatus: (status: number, url?: RegExp) => void;
  pageChecks: void;
}

export const test = base.extend<Fixtures & { _expected: { status: number; url?: RegExp }[] }>({
  _expected: async ({}, provide) => {
    await provide([]);
  },
  expectStatus: async ({ _expected }, provide) => {
    await provide((status, url) => {
      _expected.push({ status, url });
    });
  },
  pageChecks: [
    async ({ browser, context, _expected }, provide, testInfo) => {
      const documents: { url: string; status: number }[] = [];
      const watch = (ctx: BrowserContext) =>
        ctx.on("response", (response: Response) => {
          if (response.request().resourceType() === "document") {
            documents.push({ url: response.url(), status: response.status() });
          }
        });
      watch(context);
      // Contexts the test opens itself (another role, signed out) are checked as well.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const ctx = await newContext(...args);
        watch(ctx);
        return ctx;
      };
      const offsets = await Promise.all(Object.values(serverLogPaths).map(logSize));

      await provide();

      browser.newContext = newContext;
      const failed = documents.filter(
        (d) => d.status >= 400 && !_expected.some((e) => e.status === d.status && (!e.url || e.url.test(d.url))),
      );
      const errors = (
        await Promise.all(Object.values(serverLogPaths).map((path, i) => readServerErrors(path, offsets[i])))
      ).flat();
      if (errors.length) await testInfo.attach("server errors", { body: errors.join("\n"), contentType: "text/plain" });
      expect(failed, "pages that answered an unexpected error status").toEqual([]);
      expect(errors, "server errors logged while this test ran").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { APIRequestContext, Browser, Page } from "@playwright/test";
