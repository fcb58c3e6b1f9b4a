import { describe, expect, it } from "vitest";
import { selectQueues } from "./select-queues";

const ALL = "imports,enrichment,pivots,incidents,sentinel,email";

describe("selectQueues", () => {
  it("serves every queue by default and the ones WORKER_QUEUES names", () => {
    expect(selectQueues([], ALL)).toEqual(["imports", "enrichment", "pivots", "incidents", "sentinel", "email"]);
    expect(selectQueues([], " enrichment , pivots,enrichment")).toEqual(["enrichment", "pivots"]);
  });

  it("lets --queues override the environment, in both spellings", () => {
    expect(selectQueues(["--queues", "imports"], ALL)).toEqual(["imports"]);
    expect(selectQueues(["--queues=enrichment,pivots"], "imports")).toEqual(["enrichment", "pivots"]);
  });

  it("refuses an unknown queue or option, naming it", () => {
    expect(() => selectQueues(["--queues", "imports,enrichmnet"], ALL)).toThrow(/unknown queue enrichmnet/);
    expect(() => selectQueues(["--queue", "imports"], ALL)).toThrow(/unknown worker option "--queue"/);
    expect(() => selectQueues(["--queues"], ALL)).toThrow(/--queues needs a value/);
    expect(() => selectQueues([], " , ")).toThrow(/no queue selected/);
  });
});
