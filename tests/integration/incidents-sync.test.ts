// Sentinel incident write-back end to end below the UI: real Postgres, the real `incidents` queue
// and processor (a BullMQ worker in this process), and the local workspace over HTTPS with its
// self-signed CA, the real ClientSecretCredential and the fake incidents ARM API mounted on it.
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SOURCE_SECRET_KEY = Buffer.alloc(32, 7).toString("base64");
  process.env.APP_URL = "https://shellcase.test.example";
});

import type { Actor } from "../../lib/auth/roles";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { findCaseIncidents } from "../../lib/cases/find-case-incidents";
import { refreshCaseIncidents } from "../../lib/cases/refresh-case-incidents";
import { syncCaseIncidents } from "../../lib/cases/sync-case-incidents";
import { closeDb, getPrisma } from "../../lib/db";
import type { DataSource } from "../../lib/generated/prisma/client";
import { closeQueues, getQueue, incidentSyncJobId, QUEUES } from "../../lib/jobs/queues";
import { createWorkerConnection } from "../../lib/redis";
import { credentialFor } from "../../lib/sentinel/connect";
import { createIncidentsClient } from "../../lib/sentinel/incidents/incidents-client";
import { WorkspaceError } from "../../lib/sentinel/workspace-error";
import { IncidentsStore, incidentsRoutes } from "../../scripts/fake-workspace/incidents-api";
import { startFakeWorkspace, type FakeWorkspace } from "../../scripts/fake-workspace/fake-workspace";
import { processIncidentSync } from "../../workers/processors/incidents";
import { makeAlert, makeUser } from "../support/case-factories";
import { createFakeSource } from "../support/fake-source";

const store = new IncidentsStore();
let ws: FakeWorkspace;
let analyst: Actor;
let syncOn: DataSource;
let syncOff: DataSource;
let worker: Worker;
const workerConnection = createWorkerConnection();

async function makeSource(incidentSync: boolean): Promise<DataSource> {
  const c = ws.connection();
  return createFakeSource(ws, "incidents", {
    armEndpoint: c.armEndpoint,
    subscriptionId: c.subscriptionId,
    resourceGroup: c.resourceGroup,
    workspaceName: c.workspaceName,
    incidentSync,
    // Incident sync reads enabled sources only.
    enabled: true,
  });
}

/** A case holding one alert pulled from `source`, and the incident that holds the alert. */
async function caseWithIncident(source: DataSource) {
  const alert = await makeAlert({ severity: "High" });
  await getPrisma().alert.update({ where: { id: alert.id }, data: { sourceId: source.id } });
  const incident = store.add({
    title: `Web shell on ${alert.hostName} <script>x</script>`,
    alertIds: [alert.systemAlertId],
  });
  const kase = await createCaseFromAlerts(analyst, { alertIds: [alert.id] });
  return { kase, incident, alert };
}

async function latestChangeId(caseId: number): Promise<number> {
  const c = await getPrisma().caseStatusChange.findFirstOrThrow({ where: { caseId }, orderBy: { id: "desc" } });
  return c.id;
}

/** Waits for the queued job of the case's latest status change to finish; returns its state. */
async function jobOutcome(caseId: number): Promise<string> {
  const jobId = await incidentSyncJobId({ caseId, statusChangeId: await latestChangeId(caseId) });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await getQueue(QUEUES.incidents).getJob(jobId);
    expect(job, `job ${jobId} queued`).toBeTruthy();
    const state = await job!.getState();
    if (state === "completed" || state === "failed") return state;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function close(caseId: number, classification: "true_positive" | "false_positive", conclusion: string) {
  const { version } = await getPrisma().case.findUniqueOrThrow({ where: { id: caseId } });
  return changeCaseStatus(analyst, { caseId, version, to: "closed", classification, conclusion });
}

beforeAll(async () => {
  ws = await startFakeWorkspace({
    tables: { SecurityIncident: () => store.securityIncidentRows() },
    routes: incidentsRoutes(store, { authorize: (req) => ws.authorize(req) }),
  });
  analyst = await makeUser("analyst", "Inci Dent");
  syncOn = await makeSource(true);
  syncOff = await makeSource(false);
  worker = new Worker(QUEUES.incidents, processIncidentSync, {
    connection: workerConnection,
    prefix: process.env.QUEUE_PREFIX,
    concurrency: 1,
  });
});

afterAll(async () => {
  // Enabled sources are asked for evidence by every later enrichment in this database: leave none
  // pointing at a workspace that is about to stop.
  await getPrisma().dataSource.deleteMany({ where: { id: { in: [syncOn?.id, syncOff?.id].filter((id) => id) } } });
  await worker?.close();
  workerConnection.disconnect();
  await closeQueues();
  await ws?.close();
  await closeDb();
});

describe("incident write-back", () => {
  it("closing a case closes its incident with the mapped classification, the conclusion, and one comment linking the case", async () => {
    const { kase, incident } = await caseWithIncident(syncOn);
    await close(kase.id, "true_positive", "  Web shell confirmed; removed and credentials rotated.  ");
    expect(await jobOutcome(kase.id)).toBe("completed");

    const after = store.get(incident.name)!;
    expect(after.status).toBe("Closed");
    expect(after.classification).toBe("TruePositive");
    expect(after.classificationReason).toBe("SuspiciousActivity");
    expect(after.classificationComment).toBe("Web shell confirmed; removed and credentials rotated.");
    const comments = store.comments(incident.name);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.message).toContain(`https://shellcase.test.example/cases/${kase.number}`);

    const [row] = await findCaseIncidents(kase.id);
    expect(row).toMatchObject({
      incidentName: incident.name,
      incidentNumber: incident.incidentNumber,
      status: "Closed",
      classification: "TruePositive",
      lastSyncError: null,
    });
    expect(row!.title).toContain("<script>");

    // Reopening sets it Active again, without the old decision, and adds the reopen's comment.
    const { version } = await getPrisma().case.findUniqueOrThrow({ where: { id: kase.id } });
    await changeCaseStatus(analyst, { caseId: kase.id, version, to: "investigating" });
    expect(await jobOutcome(kase.id)).toBe("completed");
    expect(store.get(incident.name)).toMatchObject({ status: "Active", classification: undefined });
    expect(store.comments(incident.name)).toHaveLength(2);
    expect(store.comments(incident.name)[1]!.message).toMatch(/^Reopened/);
  });

  it("re-reads and retries when the incident changed under it (412)", async () => {
    const { kase, incident } = await caseWithIncident(syncOn);
    const writes = store.writes;
    store.conflictOnce();
    await close(kase.id, "false_positive", "The alert fired on a deployment script.");
    expect(await jobOutcome(kase.id)).toBe("completed");
    expect(store.get(incident.name)).toMatchObject({
      status: "Closed",
      classification: "FalsePositive",
      classificationReason: "IncorrectAlertLogic",
    });
    expect(store.writes).toBe(writes + 1);
    const [row] = await findCaseIncidents(kase.id);
    expect(row!.lastSyncResult).toMatch(/1 etag conflict/);
  });

  it("writes nothing to a source with incident sync off, but still lists its incidents", async () => {
    const { kase, incident } = await caseWithIncident(syncOff);
    const writes = store.writes;
    const commentWrites = store.commentWrites;
    await close(kase.id, "true_positive", "Confirmed.");
    // No source of the case writes back: nothing is queued at all.
    const jobId = await incidentSyncJobId({ caseId: kase.id, statusChangeId: await latestChangeId(kase.id) });
    expect(await getQueue(QUEUES.incidents).getJob(jobId)).toBeUndefined();
    // Even run by hand, the write-back only reads.
    expect(await syncCaseIncidents(kase.id, await latestChangeId(kase.id))).toMatchObject({ written: 0, failed: 0 });
    expect(store.get(incident.name)!.status).toBe("New");
    expect(store.writes).toBe(writes);
    expect(store.commentWrites).toBe(commentWrites);
    const [row] = await findCaseIncidents(kase.id);
    expect(row).toMatchObject({ incidentName: incident.name, status: "New", incidentSync: false });
  });

  it("a retried job writes the incident once and adds no second comment", async () => {
    const { kase, incident } = await caseWithIncident(syncOn);
    await close(kase.id, "true_positive", "Confirmed.");
    expect(await jobOutcome(kase.id)).toBe("completed");
    const writes = store.writes;
    const again = await syncCaseIncidents(kase.id, await latestChangeId(kase.id));
    expect(again).toMatchObject({ written: 0, unchanged: 1, failed: 0 });
    expect(store.writes).toBe(writes);
    expect(store.comments(incident.name)).toHaveLength(1);
  });

  it("records a failure on the incident's row and fails the job so BullMQ retries it", async () => {
    const { kase, incident } = await caseWithIncident(syncOn);
    await close(kase.id, "true_positive", "Confirmed.");
    expect(await jobOutcome(kase.id)).toBe("completed");
    const refusing = () => ({
      getIncident: () =>
        Promise.reject(new WorkspaceError("permission", "AuthorizationFailed: no Responder role", 403)),
      putIncident: () => Promise.reject(new Error("unreachable")),
      putComment: () => Promise.reject(new Error("unreachable")),
    });
    await expect(syncCaseIncidents(kase.id, await latestChangeId(kase.id), refusing)).rejects.toThrow(/not updated/);
    const [row] = await findCaseIncidents(kase.id);
    expect(row!.incidentName).toBe(incident.name);
    expect(row!.lastSyncError).toMatch(/permission denied: AuthorizationFailed/);
  });

  it("the refresh needs an analyst, and TLS to the ARM endpoint trusts only the source's CA", async () => {
    const { kase } = await caseWithIncident(syncOn);
    const viewer = await makeUser("viewer");
    await expect(refreshCaseIncidents(viewer, kase.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await refreshCaseIncidents(analyst, kase.id)).toMatchObject({ incidents: 1, errors: [] });

    const untrusting = createIncidentsClient({ ...syncOn, caCertPem: null }, credentialFor(syncOn));
    const err = await untrusting.getIncident(store.securityIncidentRows()[0]!.IncidentName as string).catch((e) => e);
    expect(err).toBeInstanceOf(WorkspaceError);
    expect((err as WorkspaceError).kind).toBe("network");
  });
});
