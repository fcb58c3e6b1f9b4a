// Recognises a file that starts with the exact bytes of an earlier import: an IIS log copied
// again after it grew (IIS appends to the day's file until midnight). Fed the raw bytes in order,
// it hashes them up to each earlier import's size and compares with that import's sha256; the
// longest match wins. Its lines (complete lines within the prefix) are already stored, so the
// importer skips them instead of storing them twice. Hashes only as far as the largest candidate.
import { createHash } from "node:crypto";

export interface PrefixCandidate {
  batchId: number;
  fileName: string;
  /** Size in bytes of the earlier import's file, and the sha256 of those bytes. */
  size: number;
  sha256: string;
}

export interface PrefixMatch {
  batchId: number;
  fileName: string;
  size: number;
  /** Complete lines (ended by "\n") within the prefix: lines 1..lines are already imported. */
  lines: number;
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

export class PrefixHasher {
  private readonly candidates: PrefixCandidate[];
  private readonly hash = createHash("sha256");
  private offset = 0;
  private newlines = 0;
  private next = 0;
  private best: PrefixMatch | null = null;

  constructor(candidates: PrefixCandidate[]) {
    this.candidates = candidates.filter((c) => c.size > 0).sort((a, b) => a.size - b.size || a.batchId - b.batchId);
  }

  update(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && this.next < this.candidates.length) {
      const take = Math.min(chunk.length - pos, this.candidates[this.next]!.size - this.offset);
      const part = chunk.subarray(pos, pos + take);
      this.hash.update(part);
      this.newlines += countNewlines(part);
      this.offset += take;
      pos += take;
      while (this.next < this.candidates.length && this.candidates[this.next]!.size === this.offset) {
        const c = this.candidates[this.next]!;
        if (this.hash.copy().digest("hex") === c.sha256) {
          this.best = { batchId: c.batchId, fileName: c.fileName, size: c.size, lines: this.newlines };
        }
        this.next++;
      }
    }
  }

  /** The longest earlier import this file begins with (call once the file is read). */
  get match(): PrefixMatch | null {
    return this.best;
  }
}
