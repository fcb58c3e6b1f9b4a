// A data source row pointing at a local workspace (scripts/fake-workspace), as an admin would add
// it: the secret sealed, the workspace's CA trusted. Disabled unless asked: enrichment elsewhere
// in the same test run must not fetch from a workspace that stops with its test.
import { randomBytes } from "node:crypto";
import { getPool, getPrisma } from "../../lib/db";
import type { DataSource, Prisma } from "../../lib/generated/prisma/client";
import { sealSecret } from "../../lib/sentinel/secret-box";
import type { FakeWorkspace } from "../../scripts/fake-workspace/fake-workspace";

export async function createFakeSource(
  fake: FakeWorkspace,
  prefix: string,
  extra: Partial<Prisma.DataSourceCreateInput> = {},
): Promise<DataSource> {
  const c = fake.connection();
  const name = `${prefix}-${randomBytes(4).toString("hex")}`;
  return getPrisma().dataSource.create({
    data: {
      name,
      workspaceId: c.workspaceId,
      tenantId: c.tenantId,
      clientId: c.clientId,
      secretCipher: sealSecret(c.clientSecret, name),
      queryEndpoint: c.queryEndpoint,
      authorityHost: c.authorityHost,
      caCertPem: c.caPem,
      enabled: false,
      ...extra,
    },
  });
}

/** Requests of `host` stored from the source, and how many distinct _ItemIds they hold. */
export async function storedFromSource(sourceId: number, host: string): Promise<{ n: number; items: number }> {
  const { rows } = await getPool().query<{ n: string; items: string }>(
    "SELECT count(*) AS n, count(DISTINCT item_id) AS items FROM web_requests WHERE host = $1 AND source_id = $2",
    [host, sourceId],
  );
  return { n: Number(rows[0]!.n), items: Number(rows[0]!.items) };
}
