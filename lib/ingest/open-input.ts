// Opens a file as a stream of decompressed bytes (gzip detected by its magic number, whatever
// the extension), hashing the raw bytes and counting them for progress on the way.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createHash, type Hash } from "node:crypto";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";

export interface OpenedInput {
  /** Decompressed content. */
  stream: Readable;
  gzip: boolean;
  /** Raw bytes read so far (compressed size for gzip files). */
  rawBytesRead(): number;
  /** sha256 of the raw file, complete once `stream` has ended. */
  digest(): string;
}

export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

export async function openInput(
  path: string,
  opts: { hash?: boolean; onRawChunk?: (chunk: Buffer) => void } = {},
): Promise<OpenedInput> {
  const gzip = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const hash: Hash | undefined = opts.hash ? createHash("sha256") : undefined;
  raw.on("data", (chunk: Buffer | string) => {
    bytes += chunk.length;
    hash?.update(chunk);
    if (opts.onRawChunk) opts.onRawChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  });
  let stream: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    raw.on("error", (err) => gunzip.destroy(err));
    stream = raw.pipe(gunzip);
  }
  let digest: string | undefined;
  return {
    stream,
    gzip,
    rawBytesRead: () => bytes,
    digest: () => {
      if (!hash) throw new Error("openInput: hashing was not requested");
      digest ??= hash.digest("hex");
      return digest;
    },
  };
}

/**
 * Reads the first `size` bytes of a stream for format sniffing and returns them with an
 * iterable that replays them followed by the rest, so the file is read once.
 */
export async function peek(stream: Readable, size: number): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    parts.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(parts);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    }
  }
  return { head: head.subarray(0, Math.min(head.length, size)), all: all() };
}
