import { describe, expect, it } from "vitest";
import { WorkspaceError } from "../workspace-error";
import {
  applyIncidentChange,
  changedIncident,
  CLASSIFICATION_COMMENT_MAX,
  ETAG_ATTEMPTS,
  trimComment,
} from "./incident-change";
import type { Incident, IncidentsClient } from "./incidents-client";

const open: Incident = {
  id: "/x/incidents/abc",
  name: "abc",
  etag: '"1"',
  properties: {
    title: "Web shell",
    severity: "High",
    status: "New",
    incidentNumber: 7,
    owner: { email: "a@b" },
    labels: [{ labelName: "x" }],
  },
};

describe("changedIncident", () => {
  it("maps each case classification to the API's classification and reason, keeping other properties", () => {
    const cases = [
      ["true_positive", "TruePositive", "SuspiciousActivity"],
      ["benign_positive", "BenignPositive", "SuspiciousButExpected"],
      ["false_positive", "FalsePositive", "IncorrectAlertLogic"],
      ["undetermined", "Undetermined", undefined],
    ] as const;
    for (const [ours, theirs, reason] of cases) {
      const next = changedIncident(open, { status: "Closed", classification: ours, comment: " done " })!;
      expect(next.properties).toMatchObject({
        status: "Closed",
        classification: theirs,
        classificationComment: "done",
      });
      expect(next.properties.classificationReason).toBe(reason);
      expect(next.properties.owner).toEqual({ email: "a@b" });
      expect(next.properties.labels).toEqual([{ labelName: "x" }]);
    }
  });

  it("returns null when the incident is already as wanted, and clears the decision on reopen", () => {
    const closed = changedIncident(open, { status: "Closed", classification: "true_positive", comment: "c" })!;
    expect(changedIncident(closed, { status: "Closed", classification: "true_positive", comment: "c" })).toBeNull();
    expect(changedIncident(closed, { status: "Closed", classification: "true_positive", comment: "d" })).not.toBeNull();
    const reopened = changedIncident(closed, { status: "Active" })!;
    expect(reopened.properties.status).toBe("Active");
    expect(reopened.properties).not.toHaveProperty("classification");
    expect(reopened.properties).not.toHaveProperty("classificationComment");
    expect(changedIncident(reopened, { status: "Active" })).toBeNull();
  });

  it("cuts a long conclusion at the limit", () => {
    const t = trimComment("x".repeat(CLASSIFICATION_COMMENT_MAX + 50));
    expect(t).toHaveLength(CLASSIFICATION_COMMENT_MAX);
    expect(t.endsWith("…")).toBe(true);
  });
});

describe("applyIncidentChange", () => {
  function client(conflicts: number) {
    let etag = 1;
    const puts: { etag: string | undefined; body: Incident }[] = [];
    let state = structuredClone(open);
    const c: IncidentsClient = {
      getIncident: async () => ({ ...structuredClone(state), etag: `"${etag}"` }),
      putIncident: async (_name, body, ifMatch) => {
        puts.push({ etag: ifMatch, body });
        if (conflicts-- > 0) {
          etag++;
          throw new WorkspaceError("server", "etag conflict", 412);
        }
        state = structuredClone(body);
        etag++;
        return { ...structuredClone(state), etag: `"${etag}"` };
      },
      putComment: async () => ({ properties: { message: "" } }),
    };
    return { c, puts };
  }

  it("re-reads after a 412 and sends the new etag, without read-only properties", async () => {
    const { c, puts } = client(1);
    const r = await applyIncidentChange(c, "abc", { status: "Active" });
    expect(r).toMatchObject({ written: true, conflicts: 1 });
    expect(puts.map((p) => p.etag)).toEqual(['"1"', '"2"']);
    expect(puts[1]!.body.properties).not.toHaveProperty("incidentNumber");
    expect(puts[1]!.body).not.toHaveProperty("id");
  });

  it("gives up after ETAG_ATTEMPTS conflicts with the 412", async () => {
    const { c, puts } = client(100);
    await expect(applyIncidentChange(c, "abc", { status: "Active" })).rejects.toMatchObject({ statusCode: 412 });
    expect(puts).toHaveLength(ETAG_ATTEMPTS);
  });
});
