-- AlterTable
ALTER TABLE "import_batches" ADD COLUMN     "started_by_id" INTEGER,
ADD COLUMN     "started_by_label" TEXT;

-- AddForeignKey
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_started_by_id_fkey" FOREIGN KEY ("started_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

