import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { InputTooLarge, MAX_GZIP_RATIO, openInput } from "./open-input";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function file(content: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "shellcase-open-input-"));
  dirs.push(dir);
  const path = join(dir, "u_ex240514.log.gz");
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, maxDecompressedBytes: number): Promise<Buffer> {
  const input = await openInput(path, { maxDecompressedBytes, name: "upload.gz" });
  const parts: Buffer[] = [];
  for await (const chunk of input.stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe("openInput on gzip", () => {
  it("reads concatenated members as one stream, as rotation tools write them", async () => {
    const a = Buffer.from("#Fields: date time\n2024-05-14 10:00:00\n");
    const b = Buffer.from("2024-05-14 10:00:01\n");
    const path = await file(Buffer.concat([gzipSync(a), gzipSync(b)]));
    expect((await readAll(path, 1 << 20)).toString()).toBe(a.toString() + b.toString());
  });

  it("refuses output over the absolute cap, naming the file", async () => {
    // Random hex compresses about 2:1, far below the ratio bound: only the size cap applies.
    const path = await file(gzipSync(Buffer.from(randomBytes(3 << 20).toString("hex"))));
    const err = await readAll(path, 4 << 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputTooLarge);
    expect((err as Error).message).toBe(
      "upload.gz: decompresses to more than 4 MiB (IMPORT_MAX_DECOMPRESSED_MB); refusing a possible gzip bomb",
    );
    // Under the cap, the same file reads whole.
    expect((await readAll(path, 8 << 20)).length).toBe(6 << 20);
  });

  it(`refuses output over ${MAX_GZIP_RATIO}x the compressed bytes read, well before the cap`, async () => {
    // 256 MiB of zeros is about 256 KiB of gzip: a ratio near 1000.
    const member = gzipSync(Buffer.alloc(64 << 20));
    const path = await file(Buffer.concat([member, member, member, member]));
    const err = await readAll(path, 2 ** 40).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputTooLarge);
    expect((err as Error).message).toMatch(
      /^upload\.gz: decompresses to more than 100× its compressed size \(.+ from the first .+\); refusing a possible gzip bomb$/,
    );
  });
});
