import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PrefixHasher, type PrefixCandidate } from "./prefix-hasher";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const candidate = (batchId: number, content: string): PrefixCandidate => ({
  batchId,
  fileName: "u_ex240514.log",
  size: Buffer.byteLength(content),
  sha256: sha(content),
});

/** Feeds `content` in chunks of `size` bytes. */
function feed(h: PrefixHasher, content: string, size: number) {
  const buf = Buffer.from(content);
  for (let i = 0; i < buf.length; i += size) h.update(buf.subarray(i, i + size));
}

const EARLY = "#Fields: date time\r\n2024-05-14 00:00:01\r\n2024-05-14 00:00:02\r\n";
const LATER = EARLY + "2024-05-14 00:10:00\r\n";
const GROWN = LATER + "2024-05-14 01:00:00\r\n2024-05-14 02:00:00\r\n";

describe("PrefixHasher", () => {
  it("finds the longest earlier import the file begins with, whatever the chunking", () => {
    for (const size of [1, 3, 7, 64, 4096]) {
      const h = new PrefixHasher([candidate(1, EARLY), candidate(2, LATER), candidate(3, "something else entirely")]);
      feed(h, GROWN, size);
      expect(h.match).toEqual({ batchId: 2, fileName: "u_ex240514.log", size: Buffer.byteLength(LATER), lines: 4 });
    }
  });

  it("counts only complete lines when the earlier copy was cut mid-line", () => {
    const cut = GROWN.slice(0, EARLY.length + 8); // "2024-05-" of the fourth line
    const h = new PrefixHasher([candidate(5, cut)]);
    feed(h, GROWN, 10);
    expect(h.match?.lines).toBe(3);
  });

  it("matches nothing when the first bytes differ, or when no candidate is given", () => {
    const h = new PrefixHasher([candidate(1, EARLY.replace("01", "09"))]);
    feed(h, GROWN, 16);
    expect(h.match).toBeNull();
    const none = new PrefixHasher([]);
    feed(none, GROWN, 16);
    expect(none.match).toBeNull();
  });

  it("does not take a same-size file with other content for a prefix", () => {
    const other = "X".repeat(Buffer.byteLength(EARLY));
    const h = new PrefixHasher([candidate(1, other), candidate(2, EARLY)]);
    feed(h, GROWN, 5);
    expect(h.match?.batchId).toBe(2);
  });
});
