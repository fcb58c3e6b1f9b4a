import { describe, expect, it } from "vitest";
import { playbookTaskRows, WEB_SHELL_PLAYBOOK } from "./playbook";

describe("web shell playbook", () => {
  it("seeds the six tasks in investigation order, positions 1 to 6", () => {
    const rows = playbookTaskRows(42);
    expect(rows.map((r) => r.key)).toEqual([
      "confirm-shell",
      "first-access",
      "other-servers",
      "contain",
      "remove-shell",
      "close",
    ]);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.every((r) => r.caseId === 42 && r.title.length > 0)).toBe(true);
  });

  it("has unique keys (case_tasks is unique on case and key)", () => {
    expect(new Set(WEB_SHELL_PLAYBOOK.map((t) => t.key)).size).toBe(WEB_SHELL_PLAYBOOK.length);
  });
});
