import { describe, expect, it } from "vitest";
import { createProgress } from "./progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: { isTTY, columns: 80, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream,
  };
}

describe("createProgress", () => {
  it("draws a bar with the percentage and label on a terminal, and clears it when done", () => {
    const { writes, stream } = fakeStream(true);
    const p = createProgress(stream);
    p.update("u_ex240514.log", 0.5);
    p.update("u_ex240514.log", 0.5); // unchanged: not redrawn
    p.done();
    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain("[###############               ]  50% u_ex240514.log");
    expect(writes[1]).toBe("\r\x1b[2K");
  });

  it("writes nothing when stderr is not a terminal (logs and pipes stay clean)", () => {
    const { writes, stream } = fakeStream(false);
    const p = createProgress(stream);
    p.update("x", 0.3);
    p.done();
    expect(writes).toEqual([]);
  });

  it("keeps long labels within the terminal width", () => {
    const { writes, stream } = fakeStream(true);
    createProgress(stream).update("d/".repeat(100) + "u_ex.log", 1);
    const line = writes[0]!.replace("\r\x1b[2K", "");
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line.endsWith("…")).toBe(true);
  });
});
