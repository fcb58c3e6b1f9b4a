import path from "node:path";
import type { PrismaConfig } from "prisma";
import { migrationAdapter } from "./prisma/db-adapter";

try {
  process.loadEnvFile(".env");
} catch {
  // no .env: the environment alone configures the CLI
}

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/shellcase";

export default {
  experimental: { adapter: true, externalTables: true },
  // web_requests is partitioned and written with COPY: hand-written SQL owns it, so Migrate's
  // drift check must not read it as a table to drop.
  tables: { external: ["public.web_requests"] },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => migrationAdapter(url),
} as unknown as PrismaConfig;
