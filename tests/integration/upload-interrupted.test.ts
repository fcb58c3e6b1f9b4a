// A client that goes away in the middle of a multipart upload: the reader must give up at once
// (not wait for ever for the rest of the body), and leave no partial file in UPLOAD_DIR and no
// import batch. Drives the real upload reader with a body that stops half-way, three ways: the
// body errors (connection reset), the request is aborted (its signal), the body just ends. And the
// sweep that removes upload files left behind by anything else (a web process that died).
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const uploadDir = await mkdtemp(join(tmpdir(), "shellcase-upload-interrupted-"));
process.env.UPLOAD_DIR = uploadDir;
process.env.NEXTAUTH_SECRET ??= "upload-interrupted-test-secret-0123456789abcdef";
const { receiveUpload } = await import("../../app/api/v1/imports/receive-upload");
const { closeDb, getPrisma } = await import("../../lib/db");

const BOUNDARY = "----shellcase-test-boundary";
const HEAD = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="kind"',
  "",
  "web_log",
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="file"; filename="u_ex261204.log"',
  "Content-Type: text/plain",
  "",
  "",
].join("\r\n");
// Half a file: enough bytes that the part is being written to disk when the client goes away.
const HALF = Buffer.concat([Buffer.from(HEAD), Buffer.alloc(256 * 1024, "#Fields: date time\n")]);

let batchesBefore = 0;
beforeAll(async () => {
  batchesBefore = await getPrisma().importBatch.count();
});
afterAll(async () => {
  await closeDb();
  await rm(uploadDir, { recursive: true, force: true });
});

function request(body: ReadableStream<Uint8Array>, signal?: AbortSignal): Request {
  return new Request("http://127.0.0.1/api/v1/imports", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    duplex: "half",
    signal,
  } as RequestInit);
}

/** Settles the reader's promise within `ms`, or fails the test: a hang is the bug. */
async function settled(promise: Promise<unknown>, ms = 10_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => "resolved",
        (err: Error) => err,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function expectNothingLeft() {
  const deadline = Date.now() + 5_000;
  let files = await readdir(uploadDir);
  while (files.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    files = await readdir(uploadDir);
  }
  expect(files).toEqual([]);
  expect(await getPrisma().importBatch.count()).toBe(batchesBefore);
}

describe("an upload the client abandons half-way", () => {
  it("connection reset: the reader fails with 'interrupted' and removes the partial file", async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const reading = receiveUpload(request(body));
    controller.enqueue(new Uint8Array(HALF));
    // Let the part reach the disk before the connection drops.
    const deadline = Date.now() + 5_000;
    while ((await readdir(uploadDir)).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect((await readdir(uploadDir)).length).toBe(1);
    controller.error(new Error("aborted"));

    const outcome = await settled(reading);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe("The upload was interrupted.");
    await expectNothingLeft();
  });

  it("request aborted while the body is still open: the reader gives up and removes the partial file", async () => {
    const abort = new AbortController();
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(HALF)) });
    const reading = receiveUpload(request(body, abort.signal));
    const deadline = Date.now() + 5_000;
    while ((await readdir(uploadDir)).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    abort.abort();

    const outcome = await settled(reading);
    expect((outcome as Error).message).toBe("The upload was interrupted.");
    await expectNothingLeft();
  });

  it("body ends before the multipart end: refused as unreadable, nothing kept", async () => {
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        c.enqueue(new Uint8Array(HALF));
        c.close();
      },
    });
    const outcome = await settled(receiveUpload(request(body)));
    expect((outcome as Error).message).toMatch(/^The multipart body could not be read: Unexpected end of form/);
    await expectNothingLeft();
  });

  it("a cross-site upload with cookies is refused before a byte is staged", async () => {
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(HALF)) });
    const req = request(body);
    req.headers.set("cookie", "next-auth.session-token=x");
    req.headers.set("origin", "https://evil.example");
    req.headers.set("host", "127.0.0.1:3102");
    const outcome = await settled(receiveUpload(req));
    expect(outcome).toMatchObject({ code: "forbidden", message: expect.stringMatching(/^Cross-site request refused/) });
    await expectNothingLeft();
  });

  it("a complete body is still read in full", async () => {
    const whole = Buffer.concat([Buffer.from(HEAD), Buffer.from("line\n"), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        c.enqueue(new Uint8Array(whole));
        c.close();
      },
    });
    const received = await receiveUpload(request(body));
    expect(received.fields).toEqual({ kind: "web_log" });
    expect(received.files.map((f) => [f.fileName, f.size])).toEqual([["u_ex261204.log", 5]]);
    await rm(received.files[0]!.storedPath);
  });
});

describe("sweepUploads", () => {
  it("removes old upload files no queued or running import names, and keeps the rest", async () => {
    const { sweepUploads } = await import("../../lib/ingest/sweep-uploads");
    const { randomUUID } = await import("node:crypto");
    const { utimes, writeFile } = await import("node:fs/promises");
    const file = async (age: number) => {
      const path = join(uploadDir, `${randomUUID()}.upload`);
      await writeFile(path, "x\n");
      const at = new Date(Date.now() - age);
      await utimes(path, at, at);
      return path;
    };
    const HOUR = 60 * 60 * 1000;
    const orphan = await file(2 * HOUR);
    const young = await file(60 * 1000);
    const queued = await file(2 * HOUR);
    const running = await file(2 * HOUR);
    const finished = await file(2 * HOUR);
    const notOurs = join(uploadDir, "notes.txt");
    await writeFile(notOurs, "keep me");
    await utimes(notOurs, new Date(0), new Date(0));
    const batch = (storedPath: string, status: "queued" | "running" | "completed") =>
      getPrisma().importBatch.create({ data: { kind: "web_log", fileName: "f.log", status, storedPath } });
    const batches = [
      await batch(queued, "queued"),
      await batch(running, "running"),
      await batch(finished, "completed"),
    ];

    const { removed } = await sweepUploads({ olderThanMs: HOUR });
    expect(removed.sort()).toEqual([orphan, finished].sort());
    expect((await readdir(uploadDir)).sort()).toEqual(
      [young, queued, running, notOurs].map((p) => p.slice(uploadDir.length + 1)).sort(),
    );
    // A second sweep finds nothing more to do; a missing directory is not an error.
    expect((await sweepUploads({ olderThanMs: HOUR })).removed).toEqual([]);
    expect((await sweepUploads({ uploadDir: join(uploadDir, "missing") })).removed).toEqual([]);

    await getPrisma().importBatch.deleteMany({ where: { id: { in: batches.map((b) => b.id) } } });
    for (const name of await readdir(uploadDir)) await rm(join(uploadDir, name));
  });
});
