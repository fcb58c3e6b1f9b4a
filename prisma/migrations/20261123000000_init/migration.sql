-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('web_log', 'alerts');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'rejected');

-- CreateTable
CREATE TABLE "import_batches" (
    "id" SERIAL NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "file_name" TEXT NOT NULL,
    "sha256" CHAR(64),
    "size" BIGINT,
    "format" TEXT,
    "host_given" TEXT,
    "site_given" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "message" TEXT,
    "lines_total" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "job_id" TEXT,
    "stored_path" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(6),
    "finished_at" TIMESTAMPTZ(6),

    CONSTRAINT "import_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "web_log_sources" (
    "host" TEXT NOT NULL,
    "site" TEXT NOT NULL,
    "requests" BIGINT NOT NULL,
    "first_time" TIMESTAMPTZ(6) NOT NULL,
    "last_time" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "web_log_sources_pkey" PRIMARY KEY ("host","site")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "system_alert_id" TEXT NOT NULL,
    "provider_name" TEXT,
    "vendor_name" TEXT,
    "product_name" TEXT,
    "display_name" TEXT,
    "alert_name" TEXT,
    "alert_type" TEXT,
    "severity" TEXT,
    "status" TEXT,
    "description" TEXT,
    "vendor_original_id" TEXT,
    "compromised_entity" TEXT,
    "time_generated" TIMESTAMPTZ(6) NOT NULL,
    "start_time" TIMESTAMPTZ(6),
    "end_time" TIMESTAMPTZ(6),
    "tactics" TEXT[],
    "techniques" TEXT[],
    "extended_properties" JSONB,
    "entities" JSONB NOT NULL,
    "raw" JSONB NOT NULL,
    "batch_id" INTEGER,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_hosts" (
    "id" SERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "entity_id" TEXT NOT NULL,
    "host_name" TEXT,
    "dns_domain" TEXT,
    "fqdn" TEXT,

    CONSTRAINT "alert_hosts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_files" (
    "id" SERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "entity_id" TEXT NOT NULL,
    "name" TEXT,
    "directory" TEXT,
    "sha1" TEXT,
    "sha256" TEXT,
    "md5" TEXT,
    "hashes" JSONB,

    CONSTRAINT "alert_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_processes" (
    "id" SERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "entity_id" TEXT NOT NULL,
    "process_id" TEXT,
    "command_line" TEXT,
    "creation_time_utc" TIMESTAMPTZ(6),
    "image_file_ref" TEXT,
    "image_file_id" INTEGER,
    "parent_ref" TEXT,
    "parent_id" INTEGER,
    "account_name" TEXT,
    "host_ref" TEXT,

    CONSTRAINT "alert_processes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_batches_sha256_idx" ON "import_batches"("sha256");

-- CreateIndex
CREATE INDEX "import_batches_created_at_idx" ON "import_batches"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_system_alert_id_key" ON "alerts"("system_alert_id");

-- CreateIndex
CREATE INDEX "alerts_time_generated_idx" ON "alerts"("time_generated");

-- CreateIndex
CREATE INDEX "alerts_provider_name_idx" ON "alerts"("provider_name");

-- CreateIndex
CREATE INDEX "alert_hosts_host_name_idx" ON "alert_hosts"("host_name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_hosts_alert_id_entity_id_key" ON "alert_hosts"("alert_id", "entity_id");

-- CreateIndex
CREATE INDEX "alert_files_name_idx" ON "alert_files"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_files_alert_id_entity_id_key" ON "alert_files"("alert_id", "entity_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_processes_alert_id_entity_id_key" ON "alert_processes"("alert_id", "entity_id");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_hosts" ADD CONSTRAINT "alert_hosts_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_files" ADD CONSTRAINT "alert_files_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_processes" ADD CONSTRAINT "alert_processes_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_processes" ADD CONSTRAINT "alert_processes_image_file_id_fkey" FOREIGN KEY ("image_file_id") REFERENCES "alert_files"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_processes" ADD CONSTRAINT "alert_processes_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "alert_processes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

