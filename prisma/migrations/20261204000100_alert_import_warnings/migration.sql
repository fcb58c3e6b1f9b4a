-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "import_warnings" JSONB;

