-- The scale benchmark (bench/scale.ts, 100,000 cases): the cases list's default order, newest
-- first with the id as tie-break, read from an index (a backward scan stopping after the page)
-- instead of a sort of every case matching the filter.
CREATE INDEX "cases_created_at_id_idx" ON "cases"("created_at", "id");
