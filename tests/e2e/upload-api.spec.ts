// The upload API as a script or a browser calls it: streamed multipart, limits, validation.
import { expect, test } from "./fixtures";
import { readdir } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { e2eEnv } from "./e2e-env";

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
  expect((await res.json()).error.message).toMatch(/^kind:/);
  expect(await stagedFiles()).toEqual(before);

  const notMultipart = await request.post("/api/v1/imports", { data: { kind: "web_log" } });
  expect(notMultipart.status()).toBe(400);
  expect((await notMultipart.json()).error.message).toMatch(/multipart/);
});
