-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('command', 'file', 'other');

-- CreateEnum
CREATE TYPE "EnrichmentState" AS ENUM ('pending', 'queued', 'running', 'done', 'failed', 'not_applicable');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('new', 'triage', 'investigating', 'contained', 'closed');

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "enrich_generation" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "enriched_at" TIMESTAMPTZ(6),
ADD COLUMN     "enrichment" JSONB,
ADD COLUMN     "enrichment_error" TEXT,
ADD COLUMN     "enrichment_state" "EnrichmentState" NOT NULL DEFAULT 'pending',
ADD COLUMN     "kind" "AlertKind" NOT NULL DEFAULT 'other',
ADD COLUMN     "kind_reason" TEXT;

-- CreateTable
CREATE TABLE "findings" (
    "id" SERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "case_id" INTEGER,
    "kind" "AlertKind" NOT NULL,
    "host_name" TEXT NOT NULL,
    "site" TEXT,
    "shell_location" TEXT NOT NULL,
    "shell_name" TEXT NOT NULL,
    "command_line" TEXT,
    "process_created_at" TIMESTAMPTZ(6),
    "file_created_at" TIMESTAMPTZ(6),
    "first_shell_access" TIMESTAMPTZ(6),
    "installed_via" JSONB,
    "attackers" JSONB NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "reasons" TEXT[],
    "evidence" JSONB NOT NULL,
    "generation" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cases" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'new',
    "severity" TEXT,
    "host_name" TEXT NOT NULL,
    "site" TEXT,
    "shell_location" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_counters" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "case_counters_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE UNIQUE INDEX "findings_alert_id_key" ON "findings"("alert_id");

-- CreateIndex
CREATE INDEX "findings_case_id_idx" ON "findings"("case_id");

-- CreateIndex
CREATE INDEX "findings_host_name_shell_location_idx" ON "findings"("host_name", "shell_location");

-- CreateIndex
CREATE UNIQUE INDEX "cases_number_key" ON "cases"("number");

-- CreateIndex
CREATE INDEX "cases_status_idx" ON "cases"("status");

-- CreateIndex
CREATE INDEX "alerts_kind_enrichment_state_idx" ON "alerts"("kind", "enrichment_state");

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

