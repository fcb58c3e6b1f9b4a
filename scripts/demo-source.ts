// `npm run demo -- --workspace`: registers the local Log Analytics workspace (scripts/fake-workspace/
// main.ts, already listening) as the data source "Demo workspace", from the connection file it
// wrote. Run again, it updates that source (a new port, a new certificate) and keeps its cursor
// only when the workspace is the same one.
import { readFile } from "node:fs/promises";
import { closeDb, getPrisma } from "../lib/db";
import { sealSecret } from "../lib/sentinel/secret-box";

const NAME = "Demo workspace";
const file = process.argv[2];
if (!file) throw new Error("usage: demo-source.ts <connection.json>");
const c = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
const fields = {
  workspaceId: c.workspaceId!,
  tenantId: c.tenantId!,
  authKind: "client_secret" as const,
  clientId: c.clientId!,
  secretCipher: sealSecret(c.clientSecret!, NAME),
  queryEndpoint: c.queryEndpoint!,
  authorityHost: c.authorityHost!,
  armEndpoint: c.armEndpoint!,
  caCertPem: c.caPem!,
  pullSince: new Date(c.pullSince!),
  // A fresh fake every start: its alerts arrive anew, so the cursor starts over.
  alertCursor: null,
  pullIntervalSeconds: 60,
  enabled: true,
};
const prisma = getPrisma();
const source = await prisma.dataSource.upsert({
  where: { name: NAME },
  create: { name: NAME, ...fields },
  update: { ...fields, lastError: null, lastErrorAt: null },
});
process.stdout.write(`data source ${source.id} "${NAME}": alerts are pulled every minute\n`);
await closeDb();
