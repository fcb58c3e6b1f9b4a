import { describe, expect, it } from "vitest";
import { describeAuditEntry } from "./describe-audit-entry";

const entry = (action: string, before: unknown, after: unknown, entityId = "1") => ({
  action,
  entityType: action.split(".")[0]!,
  entityId,
  before,
  after,
});

describe("describeAuditEntry", () => {
  it("tells a close, a reopen and a move apart", () => {
    expect(
      describeAuditEntry(
        entry(
          "case.status",
          { status: "contained" },
          { status: "closed", classification: "true_positive", conclusion: "Done." },
        ),
      ),
    ).toEqual({ summary: "closed the case as true positive", details: [{ label: "Conclusion", value: "Done." }] });
    expect(
      describeAuditEntry(entry("case.status", { status: "closed", conclusion: "x" }, { status: "triage" })).summary,
    ).toBe("reopened the case to triage");
    expect(describeAuditEntry(entry("case.status", { status: "new" }, { status: "investigating" })).summary).toBe(
      "moved the case from new to investigating",
    );
  });

  it("names the new owner and the tags added and removed", () => {
    expect(describeAuditEntry(entry("case.owner", null, { id: 2, name: "Ana", email: "a@x" })).summary).toBe(
      "assigned the case to Ana",
    );
    expect(describeAuditEntry(entry("case.owner", { id: 2, name: "Ana" }, null)).summary).toBe("unassigned the case");
    expect(describeAuditEntry(entry("case.tags", ["a", "b"], ["b", "c"])).details).toEqual([
      { label: "Added", value: "c" },
      { label: "Removed", value: "a" },
    ]);
  });

  it("says what a pivot run asked for, the attacker's values as details", () => {
    const d = describeAuditEntry(
      entry(
        "pivot.run",
        null,
        { ip: "203.0.113.9", userAgent: "<script>x</script>", window: "1h", allRequests: true },
        "4",
      ),
    );
    expect(d.summary).toBe("ran pivot #4 by IP and user agent over 1h, every request");
    expect(d.details).toEqual([
      { label: "IP", value: "203.0.113.9" },
      { label: "User agent", value: "<script>x</script>" },
    ]);
  });

  it("falls back to the action code for an action it does not know, and survives odd values", () => {
    expect(describeAuditEntry(entry("pivot.rerun", null, null, "9")).summary).toBe("pivot.rerun on pivot 9");
    expect(describeAuditEntry(entry("case.status", "garbage", 42)).summary).toBe(
      "moved the case from unknown to unknown",
    );
  });
  it("says what the system changed in a finding, field by field", () => {
    const before = {
      alertId: 7,
      shellLocation: "/a.aspx",
      confidence: 0.8,
      attackers: [{ ip: "198.51.100.1", userAgent: "x" }],
    };
    const after = {
      alertId: 7,
      shellLocation: "/a.aspx",
      confidence: 0.9,
      attackers: [{ ip: "203.0.113.2", userAgent: null }],
    };
    expect(describeAuditEntry(entry("finding.change", before, after, "3"))).toEqual({
      summary: "updated the finding of alert #7",
      details: [
        { label: "Confidence", value: "0.8 → 0.9" },
        { label: "Attackers added", value: "203.0.113.2" },
        { label: "Attackers removed", value: "198.51.100.1 x" },
      ],
    });
    expect(describeAuditEntry(entry("finding.delete", before, null, "3")).summary).toBe(
      "removed the finding of alert #7 (no confident shell any more)",
    );
  });

  it("names the data source changed, and says a secret was replaced without showing it", () => {
    expect(describeAuditEntry(entry("source.create", null, { name: "prod-ws", hasSecret: true })).summary).toBe(
      "added the data source prod-ws",
    );
    expect(
      describeAuditEntry(entry("source.update", { name: "a" }, { name: "b", secretChanged: true, hasSecret: true })),
    ).toEqual({ summary: "changed the data source b", details: [{ label: "Secret", value: "replaced" }] });
    expect(describeAuditEntry(entry("source.delete", { name: "old" }, null)).summary).toBe(
      "deleted the data source old",
    );
    expect(describeAuditEntry(entry("source.test", null, { ok: false, kind: "not_found" }, "4")).summary).toBe(
      "tested data source #4: failed (not found)",
    );
  });
});
