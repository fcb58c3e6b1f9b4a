import { describe, expect, it } from "vitest";
import { summariseOpenCases, type OpenCaseGroup } from "./summarise-open-cases";

const g = (status: OpenCaseGroup["status"], ownerId: number | null, count: number, name?: string): OpenCaseGroup => ({
  status,
  ownerId,
  ownerName: ownerId === null ? null : (name ?? `user ${ownerId}`),
  ownerEmail: ownerId === null ? null : `u${ownerId}@example.test`,
  count,
});

describe("summariseOpenCases", () => {
  it("adds the groups up per status (every open status, zeros included) and per owner", () => {
    const s = summariseOpenCases(
      [g("new", null, 3), g("triage", 7, 2, "Zoe"), g("new", 7, 1, "Zoe"), g("investigating", 9, 3, "Abe")],
      7,
    );
    expect(s).toMatchObject({ open: 9, mine: 3, unassigned: 3 });
    expect(s.byStatus).toEqual([
      { status: "new", count: 4 },
      { status: "triage", count: 2 },
      { status: "investigating", count: 3 },
      { status: "contained", count: 0 },
    ]);
    // Most first; among equals a named owner before Unassigned, then by name.
    expect(s.byOwner.map((o) => [o.ownerId, o.count])).toEqual([
      [9, 3],
      [7, 3],
      [null, 3],
    ]);
  });

  it("is all zeros with no open case, and mine is zero for someone owning none", () => {
    expect(summariseOpenCases([], 1)).toEqual({
      open: 0,
      mine: 0,
      unassigned: 0,
      byStatus: [
        { status: "new", count: 0 },
        { status: "triage", count: 0 },
        { status: "investigating", count: 0 },
        { status: "contained", count: 0 },
      ],
      byOwner: [],
    });
    expect(summariseOpenCases([g("new", 2, 5)], 1)).toMatchObject({ mine: 0, unassigned: 0, open: 5 });
  });
});
