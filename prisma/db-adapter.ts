// Driver adapter for the Prisma CLI's WebAssembly schema engine (see docs/storage.md,
// "Migrations offline"). Prisma 7's CLI downloads a native engine, which this environment
// cannot do; Prisma 6.19 runs the engine as WebAssembly through this adapter instead.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/**
 * The wasm schema engine reads catalog columns of type "char" (OID 18), which the pg adapter
 * cannot describe. Reporting them as text (OID 25) is lossless for the single-byte codes read.
 */
class CatalogFriendlyPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (result && typeof result.then === "function") {
      return result.then((res: pg.QueryResult) => {
        for (const field of res?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
        return res;
      });
    }
    return result;
  }
}

function poolConfig(url: string, database?: string): pg.PoolConfig {
  // Built from the URL's parts, not `connectionString`, so that a database override applies.
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || undefined,
    port: u.port ? Number(u.port) : undefined,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: database ?? (decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined),
    allowExitOnIdle: true,
    max: 4,
  };
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * The pg adapter runs a migration script by splitting it on every ";", which breaks function
 * bodies and comments. PostgreSQL runs a multi-statement simple query as one implicit
 * transaction, which is exactly what a migration wants.
 */
function wholeScripts(adapter: Adapter, pool: pg.Pool): Adapter {
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

export function migrationAdapter(url: string) {
  return {
    provider: "postgres" as const,
    adapterName: "@prisma/adapter-pg",
    async connect() {
      const pool = new CatalogFriendlyPool(poolConfig(url));
      return wholeScripts(await new PrismaPg(pool, { disposeExternalPool: true }).connect(), pool);
    },
    async connectToShadowDb() {
      const name = `prisma_shadow_${crypto.randomUUID().replace(/-/g, "")}`;
      const admin = new pg.Pool(poolConfig(url));
      await admin.query(`CREATE DATABASE "${name}"`);
      const pool = new CatalogFriendlyPool(poolConfig(url, name));
      const adapter = wholeScripts(await new PrismaPg(pool).connect(), pool);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pool.end();
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.end();
      };
      return adapter;
    },
  };
}
