// The e2e run's local workspace (scripts/fake-workspace) with the fake incidents API mounted, run
// by the global setup in Playwright's own process, and a data source pointing at it (incident
// sync on) in the run's database. Specs run in other processes: they reach the store through two
// test-only routes on the same HTTPS server and read its address and CA from fakeWorkspacePath.
//   POST /_test/incidents {title, alertIds}   → the incident added
//   GET  /_test/incidents/{name}              → its state and comments
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { sealSecret, sourceKey } from "../../lib/sentinel/secret-box";
import { IncidentsStore, incidentsRoutes } from "../../scripts/fake-workspace/incidents-api";
import { startFakeWorkspace, type FakeWorkspace } from "../../scripts/fake-workspace/fake-workspace";
import { fakeWorkspacePath } from "./e2e-env";

export interface FakeWorkspaceInfo {
  url: string;
  caPem: string;
  sourceId: number;
}

export const E2E_SOURCE_NAME = "e2e-local-workspace";

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
  return true;
}

function controlRoutes(store: IncidentsStore) {
  return (req: IncomingMessage, res: ServerResponse, url: URL, body: string): boolean => {
    if (url.pathname === "/_test/incidents" && req.method === "POST") {
      const input = JSON.parse(body) as { title: string; alertIds: string[] };
      const i = store.add({ title: input.title, alertIds: input.alertIds });
      return json(res, 201, { name: i.name, incidentNumber: i.incidentNumber });
    }
    const m = url.pathname.match(/^\/_test\/incidents\/([^/]+)$/);
    if (m && req.method === "GET") {
      const i = store.get(decodeURIComponent(m[1]!));
      if (!i) return json(res, 404, { error: "no such incident" });
      return json(res, 200, {
        status: i.status,
        classification: i.classification ?? null,
        classificationReason: i.classificationReason ?? null,
        classificationComment: i.classificationComment ?? null,
        comments: store.comments(i.name),
      });
    }
    return false;
  };
}

export async function startE2eFakeWorkspace(ownerUrl: string, rawKey: string): Promise<() => Promise<void>> {
  const store = new IncidentsStore();
  const control = controlRoutes(store);
  let ws: FakeWorkspace | undefined = undefined;
  const arm = incidentsRoutes(store, { authorize: (req) => ws!.authorize(req) });
  ws = await startFakeWorkspace({
    tables: { SecurityIncident: () => store.securityIncidentRows() },
    routes: async (req, res, url, body) => control(req, res, url, body) || (await arm(req, res, url, body)),
  });
  const c = ws.connection();
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  let sourceId: number;
  try {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO data_sources (name, workspace_id, tenant_id, client_id, secret_cipher, query_endpoint,
         authority_host, arm_endpoint, ca_cert_pem, subscription_id, resource_group, workspace_name,
         incident_sync, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true, now()) RETURNING id`,
      [
        E2E_SOURCE_NAME,
        c.workspaceId,
        c.tenantId,
        c.clientId,
        sealSecret(c.clientSecret, E2E_SOURCE_NAME, sourceKey(rawKey)),
        c.queryEndpoint,
        c.authorityHost,
        c.armEndpoint,
        c.caPem,
        c.subscriptionId,
        c.resourceGroup,
        c.workspaceName,
      ],
    );
    sourceId = rows[0]!.id;
  } finally {
    await db.end();
  }
  const info: FakeWorkspaceInfo = { url: ws.url, caPem: c.caPem, sourceId };
  await mkdir(dirname(fakeWorkspacePath), { recursive: true });
  await writeFile(fakeWorkspacePath, JSON.stringify(info));
  return () => ws!.close();
}
