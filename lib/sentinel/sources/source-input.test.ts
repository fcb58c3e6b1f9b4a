import { describe, expect, it } from "vitest";
import { createSourceSchema, updateSourceSchema } from "./source-input";

const G = "00000000-0000-4000-8000-000000000001";
const base = { name: "ws", workspaceId: G, tenantId: G, clientId: G, secret: "s" };

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("source input", () => {
  it("fills the defaults and treats blank text as not set", () => {
    const r = createSourceSchema.parse({ ...base, queryEndpoint: " ", pullSince: "", caCertPem: "" });
    expect(r).toMatchObject({
      authKind: "client_secret",
      pullIntervalSeconds: 300,
      enabled: true,
      incidentSync: false,
    });
    expect(r.queryEndpoint).toBeUndefined();
    expect(r.pullSince).toBeUndefined();
  });

  it("lower-cases GUIDs, trims a trailing slash of an https endpoint, and reads an ISO date", () => {
    const r = createSourceSchema.parse({
      ...base,
      workspaceId: G.toUpperCase(),
      queryEndpoint: "https://api.loganalytics.us/v1/",
      pullSince: "2026-02-01",
    });
    expect(r.workspaceId).toBe(G);
    expect(r.queryEndpoint).toBe("https://api.loganalytics.us/v1");
    expect(r.pullSince?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });

  it("refuses http, credentials in a URL and a short interval, naming each field", () => {
    const r = createSourceSchema.safeParse({
      ...base,
      queryEndpoint: "http://x.example/v1",
      authorityHost: "https://user:pw@login.example",
      pullIntervalSeconds: "59",
    });
    expect(Object.keys(issues(r)).sort()).toEqual(["authorityHost", "pullIntervalSeconds", "queryEndpoint"]);
  });

  it("needs a client id and a secret for client_secret; an update may keep the stored secret", () => {
    expect(issues(createSourceSchema.safeParse({ ...base, clientId: "", secret: "" }))).toEqual({
      clientId: "Client id is required for client_secret sign-in.",
      secret: "Secret is required for client_secret sign-in.",
    });
    expect(updateSourceSchema.safeParse({ ...base, secret: "" }).success).toBe(true);
    expect(
      createSourceSchema.safeParse({ ...base, authKind: "default_credential", clientId: "", secret: "" }).success,
    ).toBe(true);
  });

  it("takes the ARM path whole or not at all, and incident sync only with it", () => {
    expect(Object.keys(issues(createSourceSchema.safeParse({ ...base, resourceGroup: "rg" }))).sort()).toEqual([
      "subscriptionId",
      "workspaceName",
    ]);
    expect(Object.keys(issues(createSourceSchema.safeParse({ ...base, incidentSync: true })))).toEqual([
      "incidentSync",
    ]);
    expect(
      createSourceSchema.safeParse({
        ...base,
        subscriptionId: G,
        resourceGroup: "rg",
        workspaceName: "law",
        incidentSync: true,
      }).success,
    ).toBe(true);
  });
});
