-- CreateEnum
CREATE TYPE "SourceAuth" AS ENUM ('client_secret', 'default_credential');

-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'workspace';

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "ingested_at" TIMESTAMPTZ(6),
ADD COLUMN     "source_id" INTEGER;

-- CreateTable
CREATE TABLE "data_sources" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "auth_kind" "SourceAuth" NOT NULL DEFAULT 'client_secret',
    "client_id" TEXT,
    "secret_cipher" TEXT,
    "query_endpoint" TEXT,
    "authority_host" TEXT,
    "arm_endpoint" TEXT,
    "ca_cert_pem" TEXT,
    "subscription_id" TEXT,
    "resource_group" TEXT,
    "workspace_name" TEXT,
    "incident_sync" BOOLEAN NOT NULL DEFAULT false,
    "pull_interval_seconds" INTEGER NOT NULL DEFAULT 300,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pull_since" TIMESTAMPTZ(6),
    "alert_cursor" TIMESTAMPTZ(6),
    "last_pull_at" TIMESTAMPTZ(6),
    "last_pull_rows" INTEGER NOT NULL DEFAULT 0,
    "last_pull_stored" INTEGER NOT NULL DEFAULT 0,
    "alert_rows_pulled" BIGINT NOT NULL DEFAULT 0,
    "request_rows_fetched" BIGINT NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "data_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_coverage" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "from_time" TIMESTAMPTZ(6) NOT NULL,
    "to_time" TIMESTAMPTZ(6) NOT NULL,
    "complete" BOOLEAN NOT NULL DEFAULT true,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "fetched_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_coverage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sentinel_incidents" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "incident_name" TEXT NOT NULL,
    "incident_number" INTEGER,
    "title" TEXT,
    "status" TEXT,
    "severity" TEXT,
    "classification" TEXT,
    "url" TEXT,
    "alert_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_synced_at" TIMESTAMPTZ(6),
    "last_sync_result" TEXT,
    "last_sync_error" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "sentinel_incidents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "data_sources_name_key" ON "data_sources"("name");

-- CreateIndex
CREATE INDEX "source_coverage_source_id_host_scope_from_time_idx" ON "source_coverage"("source_id", "host", "scope", "from_time");

-- CreateIndex
CREATE INDEX "sentinel_incidents_alert_ids_idx" ON "sentinel_incidents" USING GIN ("alert_ids");

-- CreateIndex
CREATE UNIQUE INDEX "sentinel_incidents_source_id_incident_name_key" ON "sentinel_incidents"("source_id", "incident_name");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "data_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_coverage" ADD CONSTRAINT "source_coverage_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "data_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sentinel_incidents" ADD CONSTRAINT "sentinel_incidents_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "data_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- web_requests (hand-written, outside Prisma's model): rows fetched from a workspace say which
-- (source_id) and carry W3CIISLog's _ItemId, by which a row fetched twice is stored once
-- (lib/sentinel/store-fetched-requests.ts, under a per-source-and-host advisory lock; the lookup
-- uses the (host, time) index). Both NULL for rows imported from files. Nullable columns without
-- a default: no table rewrite, nothing added to COPY.
ALTER TABLE web_requests ADD COLUMN source_id integer, ADD COLUMN item_id text;
