// The upload API as a script or a browser calls it: streamed multipart, limits, validation, and
// what app/api/v1/route-handler.ts gives every route (401/403, 400 naming the field, no-store).
import type { APIResponse } from "@playwright/test";
import { expect, test } from "./fixtures";
import { readdir } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { e2eEnv, storageStatePath } from "./e2e-env";

const uploadDir = e2eEnv().server.UPLOAD_DIR;
const log = (marker: string) =>
  Buffer.from(
    `#Fields: date time s-computername c-ip cs-method cs-uri-stem sc-status\n2024-10-01 00:00:00 API01 192.0.2.1 GET /${marker}.aspx 200\n`,
  );

async function stagedFiles(): Promise<string[]> {
  return (await readdir(uploadDir).catch(() => [])).filter((f) => f.endsWith(".upload"));
}

test("several files in one request each become a queued import", async ({ request }) => {
  const form = new FormData();
  form.append("kind", "web_log");
  form.append("site", "W3SVC7");
  form.append("file", new File([log(randomBytes(4).toString("hex"))], "a.log"));
  form.append("file", new File([log(randomBytes(4).toString("hex"))], "dir/b.log"));
  const res = await request.post("/api/v1/imports", { multipart: form });
  expect(res.status()).toBe(202);
  expectNoStore(res);
  const body = await res.json();
  expect(body.imports.map((i: { fileName: string }) => i.fileName)).toEqual(["a.log", "b.log"]);
  for (const { batchId } of body.imports) {
    await expect
      .poll(async () => (await (await request.get(`/api/v1/imports/${batchId}`)).json()).status)
      .toBe("completed");
    const batch = await (await request.get(`/api/v1/imports/${batchId}`)).json();
    expect(batch).toMatchObject({ imported: 1, siteGiven: "W3SVC7" });
  }
});

test("a file over UPLOAD_MAX_MB is refused with 413 and nothing is kept", async ({ request }) => {
  const before = await stagedFiles();
  const res = await request.post("/api/v1/imports", {
    multipart: {
      kind: "web_log",
      file: { name: "huge.log", mimeType: "text/plain", buffer: Buffer.alloc(3 * 1024 * 1024, 0x41) },
    },
  });
  expect(res.status()).toBe(413);
  expect((await res.json()).error.message).toMatch(/huge\.log.*2 MiB/);
  expect(await stagedFiles()).toEqual(before);
});

test("bad fields are refused with 400 naming the field, and no file is kept", async ({ request }) => {
  const before = await stagedFiles();
  const res = await request.post("/api/v1/imports", {
    multipart: { kind: "pcap", file: { name: "x.log", mimeType: "text/plain", buffer: log("x") } },
  });
  expect(res.status()).toBe(400);
  expectNoStore(res);
  expect((await res.json()).error.message).toMatch(/^kind:/);
  expect(await stagedFiles()).toEqual(before);

  const notMultipart = await request.post("/api/v1/imports", { data: { kind: "web_log" } });
  expect(notMultipart.status()).toBe(400);
  expect((await notMultipart.json()).error.message).toMatch(/multipart/);
});

function expectNoStore(res: APIResponse): void {
  expect(res.headers()["cache-control"]).toBe("no-store");
}

test("a bad path id or query parameter is refused with 400 naming it", async ({ request }) => {
  const badId = await request.get("/api/v1/imports/abc");
  expect(badId.status()).toBe(400);
  expectNoStore(badId);
  expect(await badId.json()).toEqual({
    error: { code: "bad_request", message: "id: must be a positive whole number" },
  });

  const badPage = await request.get("/api/v1/imports?page=0&perPage=10");
  expect(badPage.status()).toBe(400);
  expect((await badPage.json()).error.message).toMatch(/^page: /);

  const list = await request.get("/api/v1/imports?page=1&perPage=10");
  expect(list.status()).toBe(200);
  expectNoStore(list);
  expect(await list.json()).toMatchObject({ page: 1, perPage: 10 });

  const missing = await request.get("/api/v1/imports/2147483647");
  expect(missing.status()).toBe(404);
  expectNoStore(missing);
});

test.describe("without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("every route answers 401, not cached, before reading its input", async ({ request }) => {
    for (const res of [
      await request.get("/api/v1/imports?page=0"),
      await request.get("/api/v1/imports/abc"),
      await request.get("/api/v1/cases/CASE-2026-0001"),
      await request.patch("/api/v1/cases/CASE-2026-0001", { data: { version: 1, title: "x" } }),
    ]) {
      expect(res.status(), res.url()).toBe(401);
      expectNoStore(res);
      expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });
    }
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("a change is refused with 403 before its body is read, not cached", async ({ request }) => {
    for (const res of [
      await request.patch("/api/v1/cases/CASE-2026-0001", {
        data: "not json",
        headers: { "content-type": "text/plain" },
      }),
      await request.post("/api/v1/imports", { multipart: { kind: "pcap" } }),
    ]) {
      expect(res.status(), res.url()).toBe(403);
      expectNoStore(res);
      expect(await res.json()).toEqual({
        error: { code: "forbidden", message: "This needs the analyst role; you are viewer." },
      });
    }
  });
});
