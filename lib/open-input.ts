// Opens a file as a stream of decompressed bytes (gzip detected by its magic number, whatever
// the extension), hashing the raw bytes and counting them for progress on the way. Gzip output
// is bounded: a small upload must not expand into terabytes (a "gzip bomb") and fill the disk
// through COPY or hold a worker for hours, so the stream fails with InputTooLarge instead.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { createHash, type Hash } from "node:crypto";
import { Transform, pipeline, type Readable, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { getEnv } from "./env";

/** Decompressed bytes allowed per compressed byte read; real IIS logs compress 10–40×. */
export const MAX_GZIP_RATIO = 100;
/** Output below this is never refused for its ratio: small headers compress absurdly well. */
export const GZIP_RATIO_GRACE_BYTES = 16 * 1024 * 1024;
const MIB = 1024 * 1024;

export interface OpenedInput {
  /** Decompressed content. */
  stream: Readable;
  gzip: boolean;
  /** Raw bytes read so far (compressed size for gzip files). */
  rawBytesRead(): number;
  /** sha256 of the raw file, complete once `stream` has ended. */
  digest(): string;
}

export interface OpenInputOptions {
  hash?: boolean;
  onRawChunk?: (chunk: Buffer) => void;
  /** Name used in error messages; defaults to the path's base name. */
  name?: string;
  /** Absolute cap on decompressed bytes; defaults to IMPORT_MAX_DECOMPRESSED_MB. */
  maxDecompressedBytes?: number;
}

/** The decompressed stream would exceed its bounds; the file is refused, not retried. */
export class InputTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputTooLarge";
  }
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

export async function openInput(path: string, opts: OpenInputOptions = {}): Promise<OpenedInput> {
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
    // Concatenated members (what log rotation tools append) are read as one stream by gunzip.
    const guard = new DecompressionGuard(
      opts.name ?? basename(path),
      () => bytes,
      opts.maxDecompressedBytes ?? getEnv().IMPORT_MAX_DECOMPRESSED_MB * MIB,
    );
    // pipeline: an error anywhere (or the reader destroying `guard`) tears down all three.
    stream = pipeline(raw, createGunzip({ chunkSize: 1 << 20 }), guard, () => undefined);
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

/** Counts decompressed bytes and fails the stream once they exceed the size or ratio bound. */
class DecompressionGuard extends Transform {
  private out = 0;

  constructor(
    private readonly name: string,
    private readonly rawBytes: () => number,
    private readonly max: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.out += chunk.length;
    const raw = this.rawBytes();
    if (this.out > this.max) {
      callback(
        new InputTooLarge(
          `${this.name}: decompresses to more than ${formatBytes(this.max)} (IMPORT_MAX_DECOMPRESSED_MB); refusing a possible gzip bomb`,
        ),
      );
    } else if (this.out > GZIP_RATIO_GRACE_BYTES && this.out > MAX_GZIP_RATIO * raw) {
      callback(
        new InputTooLarge(
          `${this.name}: decompresses to more than ${MAX_GZIP_RATIO}× its compressed size (${formatBytes(this.out)} from the first ${formatBytes(raw)}); refusing a possible gzip bomb`,
        ),
      );
    } else {
      callback(null, chunk);
    }
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * MIB) return `${+(n / (1024 * MIB)).toFixed(1)} GiB`;
  if (n >= MIB) return `${+(n / MIB).toFixed(1)} MiB`;
  return `${n} bytes`;
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
